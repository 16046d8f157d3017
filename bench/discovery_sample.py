"""Print the ids of the discovery set's sample (tests/eval/discovery.yaml, tests/eval/README.md).

The Middle East articles of the shared corpus whose text, stripped, has 300 to 1,200 characters,
texts deduplicated (the first record of a text kept, in file order), shuffled with
random.Random(28); the first 200, sorted by id. Reproduces the 20 ids listed first in the set.

    python bench/discovery_sample.py [--corpus FILE] [--from N] [--to M]   # 1-based, inclusive
"""

import argparse
import gzip
import json
import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-2018.jsonl.gz"


def sample_ids(corpus: Path, size: int = 200) -> list[str]:
    seen: set[str] = set()
    ids: list[str] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = (record.get("text") or "").strip()
            if record.get("category") != "middleEast" or not 300 <= len(text) <= 1200:
                continue
            if text in seen:
                continue
            seen.add(text)
            ids.append(record["id"])
    random.Random(28).shuffle(ids)
    return sorted(ids[:size])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--from", dest="start", type=int, default=1)
    parser.add_argument("--to", dest="end", type=int, default=200)
    args = parser.parse_args()
    for number, record_id in enumerate(sample_ids(args.corpus), start=1):
        if args.start <= number <= args.end:
            print(number, record_id)


if __name__ == "__main__":
    main()
