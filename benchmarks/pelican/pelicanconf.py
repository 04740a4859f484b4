# Pelican settings for the benchmark, equivalent to the synthetic Jarida site's jarida.yaml.
# benchmarks/run.py copies this file into the generated Pelican site and appends the theme's path
# and the page size (THEME, DEFAULT_PAGINATION).
from pathlib import Path

AUTHOR = "Jarida"
SITENAME = "جريدة الاختبار"
SITEURL = "http://localhost:8000"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "ar"
THEME = "theme"

# Article URLs like Jarida's: /YYYY/MM/slug/ (slug from the title).
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
SLUGIFY_SOURCE = "title"
SLUGIFY_PRESERVE_CASE = False
SLUGIFY_USE_UNICODE = True
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
# Home, tag, category and author pages paginated like Jarida's (20 a page).
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors"]
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""

# Like Jarida: an Atom and an RSS feed (full content, 20 items) for the site and every term.
FEED_DOMAIN = SITEURL
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False
FEED_ALL_ATOM = "atom.xml"
FEED_ALL_RSS = "rss.xml"
TAG_FEED_ATOM = "tags/{slug}/atom.xml"
TAG_FEED_RSS = "tags/{slug}/rss.xml"
CATEGORY_FEED_ATOM = "categories/{slug}/atom.xml"
CATEGORY_FEED_RSS = "categories/{slug}/rss.xml"
AUTHOR_FEED_ATOM = "authors/{slug}/atom.xml"
AUTHOR_FEED_RSS = "authors/{slug}/rss.xml"
TRANSLATION_FEED_ATOM = None

# Five related articles per page (the related_posts plugin from PyPI: shared tags only).
PLUGINS = ["related_posts"]
RELATED_POSTS_MAX = 5

# Pelican's own content cache: the clean build passes --ignore-cache after deleting it; a rebuild
# loads it (Pelican's nearest thing to an incremental build).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = str(Path(__file__).parent / "cache")
DELETE_OUTPUT_DIRECTORY = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
