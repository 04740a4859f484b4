"""The characters XML 1.0 forbids, taken out of every output as it is encoded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jarida.xmlchars import encoded_for_xml, strip_forbidden

#: Text with what a page may carry: Arabic, Latin, the controls XML allows and forbids, the two
#: non-characters, a lone surrogate, and the other characters whose UTF-8 begins as theirs do.
_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("خبر عاجل\t\n\r\x00\x01\x08\x0b\x0c\x0e\x1f\x7f"),
        st.sampled_from("\ufffe\uffff\ufffd\uffef\uffc0\ud800\udfff"),
        st.characters(),
    )
)


@given(_TEXT)
def test_an_output_is_encoded_as_its_text_without_what_xml_forbids(text: str) -> None:
    assert encoded_for_xml(text) == strip_forbidden(text).encode("utf-8")


def test_what_xml_allows_is_kept_and_vertical_tab_and_form_feed_become_spaces() -> None:
    assert encoded_for_xml("<p>خبر\tعاجل\r\n</p>") == "<p>خبر\tعاجل\r\n</p>".encode()
    assert encoded_for_xml("أ\x0bب\x0cج\x01\ufffe\ud800د") == "أ ب جد".encode()


def test_each_forbidden_character_alone_is_taken_out() -> None:
    for code in [*range(0x20), 0xFFFE, 0xFFFF, 0xD800, 0xDFFF]:
        text = f"خبر{chr(code)}عاجل"
        kept = code in (0x09, 0x0A, 0x0D)
        spaced = code in (0x0B, 0x0C)
        expected = text if kept else "خبر عاجل" if spaced else "خبرعاجل"
        assert encoded_for_xml(text) == expected.encode("utf-8"), hex(code)
    assert encoded_for_xml("\uffc0\uffef\ufffd") == "\uffc0\uffef\ufffd".encode()
