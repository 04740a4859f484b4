"""Generators of Jekyll and Hugo sites shaped like real Arabic ones (issue 20's fixtures): Arabic
file names (one in NFD), categories, tags, ``locations`` and ``people``, page bundles with
pictures, term ``_index.md`` pages, shortcodes and Liquid tags, the permalinks real sites use
(``/:title/``, ``/p/:slug/``, ``/posts/<name>/``), drafts, a broken front matter, a link out.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from tests.conftest import picture_bytes, write_site

WORDS = ("المطر", "يعود", "إلى", "الوادي", "سوق", "الخضار", "آمنة", "مدرسة", "الجسر", "القديم")
PLACES = ("غزة", "رفح", "عمّان", "بيروت", "القدس")
PEOPLE = ("فاطمة الزهراء", "محمد علي", "سلمى")
CATEGORIES = ("محليات", "اقتصاد", "ثقافة")
TAGS = ("طقس", "أسواق", "تعليم", "مواصلات")


def title_of(n: int) -> str:
    return f"{WORDS[n % 10]} {WORDS[(n * 3 + 1) % 10]} {WORDS[(n * 7 + 2) % 10]} {n}"


def name_of(n: int) -> str:
    return title_of(n).replace(" ", "-")


def _jekyll_body(n: int, previous: str | None) -> str:
    parts = [f"خبر رقم {n} عن {WORDS[n % 10]}.", ""]
    if n % 5 == 0:
        parts += ["* قائمة المحتويات", "{:toc}", ""]
    if n % 3 == 0:
        parts += [
            f'{{% include image.html url="/assets/img/p{n % 4}.jpg" caption="صورة {n}" %}}',
            "",
        ]
    if n % 4 == 0:
        parts += ["{% highlight python linenos %}", "print('مرحبا')", "{% endhighlight %}", ""]
    if previous:
        parts += [f"اقرأ أيضا [الخبر السابق]({{% post_url {previous} %}}).", ""]
    if n % 6 == 0:
        parts += ["[من نحن]({% link about.md %})", "{: .lead}", ""]
    if n % 7 == 0:
        parts += [f"![شعار]({{{{ site.baseurl }}}}/assets/img/p{n % 4}.jpg)", ""]
    parts += ["فقرة أخيرة.", "", "```liquid", "{% raw %}{{ page.title }}{% endraw %}", "```"]
    return "\n".join(parts) + "\n"


def make_jekyll_site(root: Path, posts: int = 52) -> Path:
    files: dict[str, str | bytes] = {
        "_config.yml": (
            "title: مدونة الوادي\ndescription: أخبار الوادي اليومية\n"
            "url: https://wadi.example\nbaseurl: ''\nlang: ar\ntimezone: Asia/Amman\n"
            "paginate: 8\npermalink: /:title/\n"
            "taxonomies: {location: locations, person: people}\n"
            "collections:\n  guides:\n    output: true\n    permalink: /guides/:path/\n"
            "exclude: [notes.txt]\n"
        ),
        "_layouts/default.html": "<html>{{ content }}</html>\n",
        "_includes/image.html": '<figure><img src="{{ include.url }}"></figure>\n',
        "index.html": "---\nlayout: default\n---\n{% for post in site.posts %}{% endfor %}\n",
        "about.md": "---\nlayout: page\ntitle: من نحن\npermalink: /about/\n---\nمدونة الوادي.\n",
        "contact.md": "---\nlayout: page\ntitle: اتصل بنا\n---\nراسلونا.\n",
        "_guides/البداية.md": "---\ntitle: دليل البداية\n---\nكيف تبدأ.\n",
        "notes.txt": "excluded\n",
        "CNAME": "wadi.example\n",
        "robots-extra.txt": "user-agent: *\n",
        "_drafts/مسودة-قادمة.md": "---\ntitle: مسودة قادمة\n---\nلم تنشر بعد.\n",
        "_posts/2024-02-30-تاريخ-غلط.md": "---\ntitle: [غير مغلق\n---\nنص.\n",
    }
    for k in range(4):
        files[f"assets/img/p{k}.jpg"] = picture_bytes(seed=k)
    previous = None
    for n in range(posts):
        day = f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}"
        name = f"{day}-{name_of(n)}"
        front = [
            f"title: {title_of(n)}",
            "layout: post",
            f"categories: [{CATEGORIES[n % 3]}]",
            f"tags: {TAGS[n % 4]} {TAGS[(n + 1) % 4]}",
            f"locations: [{PLACES[n % 5]}]",
            f"people: [{PEOPLE[n % 3]}]",
            f"description: ملخص الخبر {n}",
        ]
        if n % 2 == 0:
            front.append(f"feature: /assets/img/p{n % 4}.jpg")
            front.append(f"image_alt: صورة الخبر {n}")
        if n % 10 == 3:
            front.append(f"permalink: /p/khabar-{n}/")
        if n % 13 == 5:
            front.append("published: false")
        if n % 9 == 1:
            front.append(f"date: {day} 09:30:00 +0300")
        text = "---\n" + "\n".join(front) + "\n---\n" + _jekyll_body(n, previous)
        file = f"_posts/{name}.md"
        if n == 11:
            file = unicodedata.normalize("NFD", f"_posts/{day}-آخر-الأخبار.md")
        files[file] = text
        previous = PurePath_stem(file)
    write_site(root, files)
    (root / "link-out.md").symlink_to("/etc/hostname")
    return root


def PurePath_stem(file: str) -> str:  # noqa: N802
    return unicodedata.normalize("NFC", Path(file).stem)


HUGO_CONFIG = """\
baseURL = "https://akhbar.example/"
title = "أخبار اليوم"
languageCode = "ar"
timeZone = "Asia/Riyadh"
paginate = 12
[params]
description = "موقع أخبار تجريبي"
mainSections = ["posts", "news"]
[taxonomies]
tag = "tags"
category = "categories"
location = "locations"
person = "people"
[permalinks]
news = "/p/:slug/"
"""


def _hugo_body(n: int, previous: str | None) -> str:
    parts = [f"خبر رقم {n} من {PLACES[n % 5]}.", "", "<!--more-->", ""]
    if n % 3 == 0:
        parts += [
            f'{{{{< figure src="/images/h{n % 3}.jpg" alt="صورة" caption="صورة {n}" >}}}}',
            "",
        ]
    if n % 4 == 1:
        parts += ['{{< youtube id="dQw4w9WgXcQ" >}}', ""]
    if n % 5 == 2:
        parts += ['{{< tweet user="jarida" id="1234567890" >}}', ""]
    if n % 5 == 4:
        parts += ['{{< x user="jarida" id="1234567891" >}}', ""]
    if n % 6 == 3:
        parts += ["{{< gist jarida 0123456789abcdef >}}", ""]
    if n % 4 == 2:
        parts += [
            '{{< highlight go "linenos=table" >}}',
            "fmt.Println(1)",
            "{{< /highlight >}}",
            "",
        ]
    if previous:
        parts += [f'[السابق]({{{{< ref "{previous}" >}}}})', ""]
    parts += ["```", '{{</* figure src="x.jpg" */>}}', "```"]
    return "\n".join(parts) + "\n"


def make_hugo_site(root: Path, posts: int = 54) -> Path:
    files: dict[str, str | bytes] = {
        "hugo.toml": HUGO_CONFIG,
        "layouts/_default/single.html": "{{ .Content }}\n",
        # Hugo 0.141 has `x` built in; older sites wrote their own.
        "layouts/shortcodes/x.html": '<a href="https://x.com/{{ .Get "user" }}">x</a>\n',
        "content/_index.md": "---\ntitle: الرئيسية\n---\n",
        "content/posts/_index.md": "---\ntitle: المقالات\n---\n",
        "content/about.md": "---\ntitle: من نحن\n---\nفريق التحرير.\n",
        "content/docs/دليل.md": "---\ntitle: دليل الموقع\n---\nكيف تقرأ الموقع.\n",
        "content/locations/غزة/_index.md": (
            "---\ntitle: غزة\ndescription: أخبار مدينة غزة\nimage: /images/h0.jpg\n---\n"
            "مدينة على البحر.\n"
        ),
        "content/people/سلمى/_index.md": "---\ntitle: سلمى\n---\nكاتبة.\n",
        "content/posts/خبر-مكسور.md": "---\ntitle: [مكسور\n---\nنص.\n",
    }
    for k in range(3):
        files[f"static/images/h{k}.jpg"] = picture_bytes(seed=k + 5)
    previous = None
    for n in range(posts):
        section = "news" if n % 4 == 3 else "posts"
        name = name_of(n)
        date = f"2025-{1 + n % 12:02d}-{1 + n % 27:02d}T08:{n % 60:02d}:00+03:00"
        front = {
            "title": f'"{title_of(n)}"',
            "date": date,
            "categories": f'["{CATEGORIES[n % 3]}"]',
            "tags": f'["{TAGS[n % 4]}"]',
            "locations": f'["{PLACES[n % 5]}"]',
            "people": f'["{PEOPLE[n % 3]}"]',
            "description": f'"ملخص {n}"',
        }
        if section == "news":
            front["slug"] = f'"khabar-{n}"'
        if n % 11 == 4:
            front["draft"] = "true"
        if n % 8 == 2:
            front["aliases"] = f'["/old/{n}/"]'
        bundle = n % 5 == 0
        if bundle:
            front["images"] = '["cover.jpg"]'
            front["alt"] = '"غلاف الخبر"'
        toml = n % 2 == 1
        lines = [f"{k} = {v}" if toml else f"{k}: {v}" for k, v in front.items()]
        fence = "+++" if toml else "---"
        body = _hugo_body(n, previous)
        if bundle:
            files[f"content/{section}/{name}/index.md"] = (
                f"{fence}\n" + "\n".join(lines) + f"\n{fence}\n" + body + "\n![غلاف](cover.jpg)\n"
            )
            files[f"content/{section}/{name}/cover.jpg"] = picture_bytes(seed=n)
            files[f"content/{section}/{name}/gallery/1.jpg"] = picture_bytes(seed=n + 1)
            previous = f"{section}/{name}"
        else:
            files[f"content/{section}/{name}.md"] = (
                f"{fence}\n" + "\n".join(lines) + f"\n{fence}\n" + body
            )
            previous = f"{section}/{name}.md"
    return write_site(root, files)


MULTILINGUAL_HUGO_CONFIG = """\
baseURL = "https://hugo.example/"
title = "جريدة"
defaultContentLanguage = "ar"
timeZone = "Asia/Riyadh"
[languages.ar]
weight = 1
languageName = "العربية"
title = "جريدة"
{ar_dir}
[languages.en]
weight = 2
languageName = "English"
title = "Jarida Daily"
{en_dir}
[languages.en.params]
description = "News in English"
[languages.fr]
weight = 3
languageName = "Français"
title = "Jarida"
{fr_dir}
[languages.de]
disabled = true
title = "Zeitung"
{de_dir}
"""


def _post(title: str, date: str = "2024-03-05T09:00:00+03:00", **front: str) -> str:
    lines = [f'title: "{title}"', f"date: {date}", *(f"{k}: {v}" for k, v in front.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + f"{title}.\n"


def make_multilingual_hugo_site(root: Path, *, by_folder: bool = False) -> Path:
    """A Hugo site in ar (default), en, fr and a disabled de: translations by the file name's
    suffix (``budget.en.md``, ``index.fr.md`` in a bundle), or with ``by_folder`` by each
    language's ``contentDir``; two articles linked by ``translationKey``."""
    dirs = {c: f'contentDir = "content/{c}"' if by_folder else "" for c in ("ar", "en", "fr", "de")}
    config = MULTILINGUAL_HUGO_CONFIG.format(**{f"{c}_dir": d for c, d in dirs.items()})

    def at(code: str, path: str) -> str:
        if by_folder:
            return f"content/{code}/{path}"
        if code == "ar":
            return f"content/{path}"
        stem, _, ext = path.rpartition(".")
        return f"content/{stem}.{code}.{ext}"

    files: dict[str, str | bytes] = {
        "hugo.toml": config,
        at("ar", "posts/budget.md"): _post("الميزانية"),
        at("en", "posts/budget.md"): _post("The budget"),
        at("de", "posts/budget.md"): _post("Der Haushalt"),
        at("ar", "posts/forum/index.md"): _post("منتدى", "2024-04-01T09:00:00+03:00"),
        at("fr", "posts/forum/index.md"): _post("Un forum", "2024-04-01T09:00:00+03:00"),
        "content/posts/forum/photo.png" if not by_folder else "content/ar/posts/forum/photo.png": (
            picture_bytes("PNG")
        ),
        at("ar", "posts/other-name.md"): _post("خبر مرتبط", translationKey="k1"),
        at("en", "posts/keyed.md"): _post("A linked story", translationKey="k1"),
        at("en", "posts/only.md"): _post("Only in English"),
        at("ar", "about.md"): _post("من نحن"),
        at("en", "about.md"): _post("About us"),
    }
    return write_site(root, files)
