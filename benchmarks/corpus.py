"""A deterministic synthetic Arabic news corpus for benchmarks.

    python benchmarks/corpus.py OUT_DIR N [--seed 1]

Writes a Jarida site (``jarida.yaml`` + ``content/YYYY/MM/n.md``) of N articles: realistic
lengths (150–900 words), 2–6 tags per article drawn Zipf-like from a few hundred, categories,
authors, Markdown features (headings, lists, bold, links, tables, quotes, code) and Latin tokens
mixed into Arabic sentences. The same N and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = (  # noqa: SIM905 (Arabic prose reads better than a list of quoted words)
    "الحكومة الوزير البرلمان الرئيس الشعب الدولة المدينة القرية الاقتصاد السوق الأسعار النفط "
    "الغاز الكهرباء المياه الزراعة الصناعة التجارة الاستثمار البنك العملة الدولار التضخم "
    "الأجور العمال النقابة الإضراب المدرسة الجامعة الطلاب المعلمين التعليم الصحة المستشفى "
    "الأطباء الدواء اللقاح الوباء الرياضة المنتخب المباراة الملعب اللاعبين المدرب البطولة "
    "الكأس الدوري الهدف الثقافة المهرجان الفيلم المسرح الكتاب الرواية الشاعر الفنان المعرض "
    "المتحف التراث التقنية الهاتف الإنترنت المنصة التطبيق البيانات الذكاء الاصطناعي الأمن "
    "الجيش القوات الحدود الطائرات المروحيات السفينة الميناء المطار الطريق السيارات النقل "
    "القطار المناخ الحرارة الأمطار الجفاف الفيضانات البيئة التلوث الطاقة الشمسية الرياح "
    "المشروع الخطة الميزانية العجز الديون القرض الصندوق المنظمة الأمم المتحدة الاتحاد المجلس "
    "اللجنة القانون الدستور الانتخابات الأحزاب المعارضة المحكمة القاضي الشرطة الحادث الضحايا "
    "الجرحى الإنقاذ المساعدات اللاجئين السكان الأسر الأطفال النساء الشباب المسنين العاصمة "
    "المحافظة الولاية الإقليم الحي السوق قال أكد أعلن أوضح أشار كشف بحث ناقش وقع افتتح زار "
    "استقبل رفض طالب دعا حذر توقع ارتفع انخفض بلغ تجاوز وصل جديد كبير صغير مهم عاجل رسمي "
    "محلي دولي عربي إقليمي اقتصادي سياسي اجتماعي ثقافي رياضي أمني في من إلى على عن مع بعد "
    "قبل خلال بين حتى منذ أمس اليوم غدا الأسبوع الشهر العام الماضي المقبل أن إن لكن كما حيث "
    "التي الذي الذين هذا هذه ذلك تلك وقد ولم لن قد كان كانت يكون تكون "
).split()
LATIN = (
    "Mi-35B",
    "A320neo",
    "Twitter",
    "YouTube",
    "OpenAI",
    "IMF",
    "FIFA",
    "Airbus",
    "Boeing",
    "iPhone 17",
    "Android",
    "NASA",
    "UNESCO",
    "Brent",
    "OPEC",
    "GPS",
    "5G",
    "Tesla",
    "TikTok",
    "Facebook",
    "WhatsApp",
    "Google",
    "Samsung",
    "UEFA",
    "WHO",
    "N6-TA",
)
CATEGORIES = ("سياسة", "اقتصاد", "رياضة", "تقنية", "ثقافة", "مجتمع", "دولي", "صحة")


def _tags(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.sample(WORDS[:200], 2)) for _ in range(count)]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(LATIN))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), str(rng.choice((2023, 2024, 5000, 12, 350))))
    return " ".join(words) + rng.choice(("،", ".", ".", "."))


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
    if rng.random() < 0.2:
        word = rng.choice(WORDS)
        text = text.replace(word, f"**{word}**", 1)
    return text.rstrip("،") + "."


def _body(rng: random.Random) -> str:
    blocks: list[str] = []
    target = rng.randint(150, 900)
    words = 0
    while words < target:
        roll = rng.random()
        if roll < 0.08:
            blocks.append("## " + " ".join(rng.sample(WORDS, 3)))
        elif roll < 0.12:
            blocks.append("\n".join(f"- {_sentence(rng)}" for _ in range(3)))
        elif roll < 0.14:
            blocks.append("> " + _sentence(rng))
        elif roll < 0.15:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} |" for _ in range(4))
            blocks.append(f"| البند | القيمة |\n|---|---|\n{rows}")
        elif roll < 0.16:
            blocks.append("```python\nprint('مرحبا')\n```")
        else:
            paragraph = _paragraph(rng)
            if rng.random() < 0.1:
                paragraph += " [المصدر](https://example.com/source)"
            blocks.append(paragraph)
        words += len(blocks[-1].split())
    return "\n\n".join(blocks) + "\n"


def article_text(
    rng: random.Random, n: int, tags: list[str], authors: list[str], start: datetime
) -> tuple[str, str]:
    date = start + timedelta(minutes=37 * n + rng.randint(0, 30))
    weights = [1 / (i + 1) for i in range(len(tags))]
    chosen = list(dict.fromkeys(rng.choices(tags, weights=weights, k=rng.randint(2, 6))))
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 11)))
    if rng.random() < 0.3:
        title += " " + rng.choice(LATIN)
    front = [
        "---",
        f'title: "{title} {n}"',
        f"date: {date.isoformat()}",
        f"category: {rng.choice(CATEGORIES)}",
        f"tags: [{', '.join(chosen)}]",
        f"author: {rng.choice(authors)}",
    ]
    if rng.random() < 0.5:
        front.append(f'summary: "{_sentence(rng)}"')
    front.append("---")
    path = f"content/{date.year}/{date.month:02d}/{n}.md"
    return path, "\n".join(front) + "\n\n" + _body(rng)


START = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)


def _vocabulary(seed: int) -> tuple[random.Random, list[str], list[str]]:
    rng = random.Random(seed)
    tags = _tags(rng, 400)
    authors = [" ".join(rng.sample(WORDS[:60], 2)) for _ in range(30)]
    return rng, tags, authors


def new_article(count: int, seed: int = 1) -> tuple[str, str]:
    """One more article for a corpus of ``count``: same tags and authors, dated after all others."""
    _, tags, authors = _vocabulary(seed)
    return article_text(random.Random(f"new {count} {seed}"), count, tags, authors, START)


def write_corpus(out: Path, count: int, seed: int = 1, paginate: int = 20) -> None:
    rng, tags, authors = _vocabulary(seed)
    start = START
    out.mkdir(parents=True, exist_ok=True)
    (out / "jarida.yaml").write_text(
        f'title: "جريدة الاختبار"\nbase_url: "http://localhost:8000/"\nlanguage: ar\n'
        # No search index: Hugo and Pelican build none (its cost: docs/performance.md, Search).
        f"timezone: UTC\npaginate: {paginate}\nsearch: false\n",
        encoding="utf-8",
    )
    for n in range(count):
        path, text = article_text(rng, n, tags, authors, start)
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
