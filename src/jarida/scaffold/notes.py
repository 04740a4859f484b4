"""What each key of ``jarida.yaml`` means, in Arabic and English, for the config of a new site.

Keyed by the key's dotted path; the fields of a deploy target are under ``deploy.``. A field of
:class:`jarida.config.Config` without a note here makes ``jarida new site`` fail (and a test), so
the generated config cannot fall behind the code.
"""

from __future__ import annotations

from types import MappingProxyType

CONFIG_NOTES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "title": (
            "اسم الموقع، في الترويسة وفي عنوان كل صفحة.",
            "The site's name, in the header and in every page's title.",
        ),
        "description": (
            "وصف الموقع في سطر واحد، للترويسة ولوصف الصفحات لمحركات البحث.",
            "A one-line description of the site, for the header and the pages' meta description.",
        ),
        "base_url": (
            "العنوان العام للموقع؛ مساره (مثل /news/) يسبق كل رابط. سير عمل النشر يضع مكانه عنوان "
            "الاستضافة.",
            "The site's public address; its path (e.g. /news/) prefixes every link. The CI "
            "workflows put the host's address in its place.",
        ),
        "language": (
            "وسم اللغة بصيغة BCP 47 (مثل ar أو ar-EG): يحدد اتجاه الصفحة وأسماء الأشهر والأرقام "
            "ونصوص الواجهة.",
            "BCP 47 language tag (e.g. ar, ar-EG): sets the page direction, month names, digits "
            "and interface strings.",
        ),
        "timezone": (
            "المنطقة الزمنية بصيغة IANA (مثل Africa/Cairo): تأخذها التواريخ المكتوبة بلا منطقة، "
            "وبها تُعرض التواريخ.",
            "IANA time zone (e.g. Africa/Cairo): dates written without a zone take it, and pages "
            "show dates in it.",
        ),
        "paginate": ("عدد المقالات في كل صفحة من صفحات القوائم.", "Articles per list page."),
        "permalink": (
            "شكل روابط المقالات من {year} و{month} و{day} و{slug}؛ و{slug} لازم.",
            "Article URLs, from {year}, {month}, {day} and {slug}; {slug} is required.",
        ),
        "slugs": (
            "unicode: روابط بحروف عربية؛ ascii: نقحرة لاتينية مقروءة.",
            "unicode: Arabic slugs; ascii: a readable Latin transliteration.",
        ),
        "date_format": (
            "صيغة التاريخ: short أو medium أو long أو full أو نمط CLDR مثل EEEE d MMMM y.",
            "Date format: short, medium, long, full or a CLDR pattern such as EEEE d MMMM y.",
        ),
        "time_format": (
            "صيغة الوقت بجانب التاريخ: short أو medium أو نمط CLDR مثل HH:mm.",
            "Time of day format beside dates: short, medium or a CLDR pattern such as HH:mm.",
        ),
        "relative_times": (
            "اعرض أوقات الأيام الأخيرة نسبيةً في متصفح القارئ («منذ ساعتين»)؛ يبقى الوقت في الصفحة.",
            "Show recent times relative to the reader's clock («2 hours ago»), in the browser; "
            "the absolute time stays in the page.",
        ),
        "digits": (
            "الأرقام: latn (0-9) أو arab (٠-٩) أو arabext (۰-۹) أو auto (المعتاد في المنطقة).",
            "Digits: latn (0-9), arab (٠-٩), arabext (۰-۹) or auto (the region's usual ones).",
        ),
        "hijri": (
            "اعرض التاريخ الهجري (أم القرى) بجانب التاريخ الميلادي.",
            "Show the Umm al-Qura Hijri date next to the Gregorian one.",
        ),
        "words_per_minute": (
            "سرعة القراءة، لحساب مدة قراءة المقال.",
            "Reading speed, for an article's reading time.",
        ),
        "image": (
            "صورة المشاركة للصفحات التي ليست لها صورة (مسار في الموقع أو رابط).",
            "The social image of pages without one of their own (a path in the site or a URL).",
        ),
        "logo": (
            "شعار الموقع (SVG أو PNG في static/ أو رابط): في الترويسة وفي البيانات المنظمة.",
            "The site's logo (SVG or PNG in static/, or a URL): in the header and in structured "
            "data.",
        ),
        "twitter": (
            "حساب الموقع لبطاقات تويتر، مثل @jarida.",
            "The site's account for Twitter cards, e.g. @jarida.",
        ),
        "expired": (
            "مصير صفحة المقال بعد تاريخ expires: keep لإبقائها، أو remove لحذفها.",
            "What happens to an article's page after its expires date: keep or remove.",
        ),
        "feeds": ("خلاصات Atom وRSS.", "Atom and RSS feeds."),
        "feeds.atom": ("أنشئ خلاصة Atom.", "Write an Atom feed."),
        "feeds.rss": ("أنشئ خلاصة RSS.", "Write an RSS feed."),
        "feeds.count": ("عدد عناصر كل خلاصة، الأحدث أولًا.", "Items per feed, newest first."),
        "feeds.content": (
            "full: نص المقال كاملًا؛ summary: الملخص وحده.",
            "full: the whole article; summary: the summary only.",
        ),
        "feeds.terms": (
            "خلاصة لكل وسم وقسم وكاتب أيضًا.",
            "A feed for every tag, category and author too.",
        ),
        "sitemap": ("أنشئ ملف sitemap.xml.", "Write sitemap.xml."),
        "news_sitemap": (
            "أنشئ خريطة أخبار لمقالات اليومين الأخيرين.",
            "Write a news sitemap of the last two days' articles.",
        ),
        "robots": ("أنشئ ملف robots.txt.", "Write robots.txt."),
        "json_ld": (
            "أضف إلى الصفحات بيانات منظمة بصيغة JSON-LD.",
            "Add JSON-LD structured data to the pages.",
        ),
        "comments": (
            "ما تعرضه صفحة المقال تحت المقال لتعليقات القرّاء.",
            "What an article page offers readers below the article.",
        ),
        "comments.provider": (
            "email: دعوة للكتابة إلى comments.email؛ giscus أو remark42 أو isso: نقاش "
            "يحمّله المتصفح عند طلب القارئ فقط؛ none: لا شيء.",
            "email: a prompt to write to comments.email; giscus, remark42, isso: a thread the "
            "browser loads only when the reader asks; none: nothing.",
        ),
        "comments.email": (
            "عنوان البريد لدعوة التعليق، مثل readers@example.com.",
            "The address of the comment prompt, e.g. readers@example.com.",
        ),
        "comments.load": (
            "متى يُحمَّل نقاش المزوّد: click (بزر) أو lazy (عند الاقتراب منه)؛ لا يُحمَّل مع الصفحة أبدًا.",
            "When a provider's thread loads: click (a button) or lazy (when scrolled near); "
            "never with the page.",
        ),
        "comments.giscus": (
            "إعدادات giscus كما يعطيها موقع giscus.app لمستودعك.",
            "giscus settings, as giscus.app gives them for your repository.",
        ),
        "comments.giscus.repo": ("المستودع OWNER/NAME.", "The repository, OWNER/NAME."),
        "comments.giscus.repo_id": ("معرّف المستودع.", "The repository's id."),
        "comments.giscus.category": ("فئة النقاشات.", "The discussions' category."),
        "comments.giscus.category_id": ("معرّف الفئة.", "The category's id."),
        "comments.giscus.mapping": (
            "كيف تجد الصفحة نقاشها.",
            "How a page finds its discussion.",
        ),
        "comments.giscus.reactions": ("اعرض التفاعلات.", "Show reactions."),
        "comments.giscus.theme": (
            "سمة giscus؛ preferred_color_scheme تتبع الوضع الفاتح أو الداكن لدى القارئ.",
            "giscus's theme; preferred_color_scheme follows the reader's light or dark setting.",
        ),
        "comments.remark42": ("خادم Remark42 مستضاف ذاتيًا.", "A self-hosted Remark42 server."),
        "comments.remark42.host": (
            "عنوان الخادم، مثل https://comments.example.",
            "The server's address, e.g. https://comments.example.",
        ),
        "comments.remark42.site_id": ("معرّف الموقع في Remark42.", "The site's id in Remark42."),
        "comments.isso": ("خادم Isso مستضاف ذاتيًا.", "A self-hosted Isso server."),
        "comments.isso.host": (
            "عنوان الخادم، مثل https://comments.example/isso/.",
            "The server's address, e.g. https://comments.example/isso/.",
        ),
        "related": ("قائمة «مقالات ذات صلة».", "The related-articles list."),
        "related.count": ("طول القائمة.", "Length of the list."),
        "related.min_score": (
            "أدنى درجة يُدرج بها مقال، فلا تُحشى القائمة بما لا صلة له.",
            "The lowest score listed: no unrelated filler.",
        ),
        "related.include_newer": (
            "أدرج المقالات الأحدث أيضًا (المتابعة تُعرض تحت الخبر الأصلي).",
            "List newer articles too (a follow-up shows under the original).",
        ),
        "related.cardinality_threshold": (
            "تجاهل المصطلحات الموجودة في أكثر من هذه النسبة من المقالات.",
            "Ignore terms found on more than this share of the articles.",
        ),
        "related.recency_days": (
            "تفضيل الأخبار القريبة زمنيًا: يحتفظ الخبر الذي يبعد هذا العدد من الأيام بنصف نقاطه؛ "
            "null بلا تفضيل.",
            "Prefer stories close in time: a candidate this many days away keeps half its score; "
            "null for no preference.",
        ),
        "related.weights": (
            "وزن المصطلح المشترك في كل تصنيف.",
            "The weight of a shared term, per taxonomy.",
        ),
        "taxonomies": (
            "تصنيفات الموقع الخاصة إلى جانب الوسوم والتصنيفات والكتّاب، مثل "
            "locations: {title: الأماكن, singular: مكان}.",
            "The site's own taxonomies beside tags, categories and authors, e.g. "
            "locations: {title: Places, singular: Place}.",
        ),
        "images": (
            "الصور: تُنشر كل صورة بعدة عروض وصيغ، ومنها صورة المشاركة 1200×630.",
            "Pictures: each is published at several widths and formats, with a 1200×630 og:image.",
        ),
        "images.widths": (
            "عروض الصور المنشورة بالبكسل (لا تُكبَّر صورة أبدًا).",
            "The widths pictures are published at, in pixels (never upscaled).",
        ),
        "images.formats": (
            "الصيغ الحديثة قبل صيغة الصورة نفسها: avif وwebp.",
            "The modern formats offered before the picture's own: avif, webp.",
        ),
        "images.quality": (
            "جودة ملفات AVIF وWebP وJPEG من 1 إلى 100؛ و0 تترك لكل صيغة جودتها.",
            "The quality of the AVIF, WebP and JPEG files, 1 to 100; 0 keeps each format's own.",
        ),
        "markdown": ("نصوص Markdown.", "Markdown."),
        "markdown.html": (
            "مرّر وسوم HTML المكتوبة في النص كما هي (false تعرضها نصًا).",
            "Pass raw HTML in Markdown through (false escapes it).",
        ),
        "search": (
            "بحث عربي في الموقع دون خادم (Pagefind): صفحة /search/ ومربع بحث في الترويسة.",
            "Arabic site search with no server (Pagefind): the /search/ page and a header box.",
        ),
        "home": ("الصفحة الرئيسية.", "The home page."),
        "home.sections": (
            "كتلة لكل تصنيف بعد آخر الأخبار، بأحدث count من مقالاته، بالترتيب المكتوب.",
            "A block per category after the latest stories, with its `count` newest, in order.",
        ),
        "sidebar": (
            "الشريط الجانبي لصفحة المقال على الحاسوب: آخر الأخبار وأحدث مقالات تصنيفه.",
            "The article page's sidebar on desktops: the latest stories, its category's latest.",
        ),
        "sidebar.count": ("عدد الأخبار في كل قائمة.", "How many stories each list shows."),
        "menus": (
            "قوائم روابط مسماة؛ main قائمة الترويسة بترتيب المحررين (وإلا فالتصنيفات بحسب "
            "عدد مقالاتها)، وfooter قائمة التذييل.",
            "Named lists of links: `main` is the header menu in the editors' order (else the "
            "categories, most articles first); `footer` is shown in the page footer.",
        ),
        "deploy": (
            "أهداف أمر jarida deploy: اسم لكل هدف وإعداداته (انظر المثال).",
            "Targets of `jarida deploy`: a name for each, and its settings (see the example).",
        ),
        "deploy.type": (
            "git: إيداع في فرع ودفعه؛ rsync: مزامنة مع مسار أو خادم؛ dir: نسخ إلى مجلد.",
            "git: commit to a branch and push; rsync: mirror to a path or host; dir: copy into "
            "a folder.",
        ),
        "deploy.remote": (
            "git: المستودع (رابط أو user@host:path أو مسار محلي)؛ و${VAR} تُقرأ من البيئة.",
            "git: the repository (a URL, user@host:path or a local path); ${VAR} is read from "
            "the environment.",
        ),
        "deploy.branch": (
            "git: الفرع، ويُنشأ إن لم يكن موجودًا.",
            "git: the branch, created when missing.",
        ),
        "deploy.dest": (
            "rsync: مسار محلي أو user@host:path؛ dir: مجلد محلي.",
            "rsync: a local path or user@host:path; dir: a local folder.",
        ),
        "deploy.domain": (
            "git: نطاق خاص يُكتب في ملف CNAME.",
            "git: a custom domain, written to CNAME.",
        ),
        "deploy.max_delete": (
            "أكبر نسبة من ملفات الهدف يجوز حذفها من دون --force.",
            "The largest share of the target's files a deploy may delete without --force.",
        ),
        "build": (
            "أين يجري البناء: مجمع العمليات المحلي أو عنقود Dask (انظر docs/scale.md).",
            "Where builds run: the local process pool or a Dask cluster (docs/scale.md).",
        ),
        "build.executor": (
            "local: عمليات هذا الجهاز؛ dask: عنقود Dask على هذا الجهاز؛ tcp://HOST:PORT: مُجدوِل "
            "Dask قائم.",
            "local: this machine's processes; dask: a Dask cluster on this machine; "
            "tcp://HOST:PORT: a running Dask scheduler.",
        ),
        "build.shared_path": (
            "مجلد الموقع كما تراه عمّال Dask البعيدة؛ إن تُرك فارغًا تُرسل إليها المصادر مع المهام.",
            "The site's folder as remote Dask workers see it; empty: the sources are sent with "
            "the tasks.",
        ),
        "extra": (
            "قيم حرة لقوالبك: config.extra.NAME.",
            "Free values for your templates: config.extra.NAME.",
        ),
    }
)
