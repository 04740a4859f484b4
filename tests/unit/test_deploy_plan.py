"""Deploy plans, the delete guard, rsync's itemized output and redaction: pure functions."""

from __future__ import annotations

import pytest

from jarida.deploy.plan import (
    DeployFailed,
    DeployPlan,
    DeployRefused,
    check_deletes,
    expand_env,
    plan_deploy,
    redact,
    run,
)
from jarida.deploy.rsync import is_remote, parse_itemized


def test_plan_compares_digests_path_by_path() -> None:
    plan = plan_deploy({"a": "1", "b": "2", "c": "3"}, {"b": "2", "c": "x", "d": "4"})
    assert plan == DeployPlan(added=("a",), changed=("c",), removed=("d",), unchanged=1)
    assert plan.remote_files == 3 and not plan.empty
    assert plan.summary() == "1 added, 1 changed, 1 removed, 1 unchanged"
    assert plan.lines() == ["+ a", "~ c", "- d"]
    assert plan_deploy({"a": "1"}, {"a": "1"}).empty


def test_the_guard_allows_up_to_the_share_and_refuses_beyond() -> None:
    half = DeployPlan(removed=("a", "b"), unchanged=2)
    check_deletes(half, 0.5, force=False)
    more = DeployPlan(removed=("a", "b", "c"), unchanged=2)
    with pytest.raises(DeployRefused) as caught:
        check_deletes(more, 0.5, force=False)
    assert caught.value.message == (
        "refusing to delete 3 of the remote's 5 files (60%; this target allows 50%)"
    )
    assert "--force" in caught.value.hint
    check_deletes(more, 0.5, force=True)
    check_deletes(DeployPlan(added=("a",)), 0.0, force=False)  # nothing deleted: nothing to guard
    with pytest.raises(DeployRefused):
        check_deletes(DeployPlan(removed=("a",), unchanged=99), 0.0, force=False)


def test_itemized_rsync_output() -> None:
    text = "\n".join(
        [
            "created directory /srv/site",
            "cd+++++++++ ./",
            ".d          ./",
            ">fc........ a.txt",
            ".f..t...... same.html",
            ".f          kept.html",
            ">f+++++++++ sp ace.txt",
            "cd+++++++++ sub/",
            ">f+++++++++ sub/ب.txt",
            "*deleting   old/o.txt",
            "*deleting   old/",
            "cL+++++++++ link -> a.txt",
        ]
    )
    assert parse_itemized(text) == DeployPlan(
        added=("sp ace.txt", "sub/ب.txt"),
        changed=("a.txt",),
        removed=("old/o.txt",),
        unchanged=2,
    )


def test_remote_rsync_destinations() -> None:
    assert is_remote("user@host:/var/www") and is_remote("host:site") and is_remote("rsync://h/m")
    assert not is_remote("/srv/www") and not is_remote("out/site") and not is_remote("./a:b")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("https://user:s3cret@host/org/site.git", "https://user:***@host/org/site.git"),
        ("https://ghp_t0ken@github.com/o/s.git", "https://***@github.com/o/s.git"),
        (
            "fatal: unable to access 'http://a:b@127.0.0.1:1/x/'",
            "fatal: unable to access 'http://a:***@127.0.0.1:1/x/'",
        ),
        ("ssh://git@host/org/site.git", "ssh://git@host/org/site.git"),
        ("git@github.com:org/site.git", "git@github.com:org/site.git"),
        ("/srv/remote.git", "/srv/remote.git"),
    ],
)
def test_redact(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_secrets_from_the_environment_are_masked_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JARIDA_TEST_TOKEN", "s3cret-v4lue")
    url, secrets = expand_env("git@host:${JARIDA_TEST_TOKEN}/x.git", "deploy.a.remote")
    assert url == "git@host:s3cret-v4lue/x.git"
    assert redact(f"error near {url}", secrets) == "error near git@host:***/x.git"
    monkeypatch.delenv("JARIDA_TEST_TOKEN")
    with pytest.raises(DeployFailed, match="JARIDA_TEST_TOKEN, which is not set"):
        expand_env("https://${JARIDA_TEST_TOKEN}@host/x.git", "deploy.a.remote")


def test_a_failing_command_never_shows_a_credential() -> None:
    with pytest.raises(DeployFailed) as caught:
        run(
            ["sh", "-c", "echo 'fatal: https://desk:s3cret@host/x.git and t0ken' >&2; exit 3"],
            secrets=("t0ken",),
            what="git push",
        )
    assert caught.value.message == "git push failed: fatal: https://desk:***@host/x.git and ***"
