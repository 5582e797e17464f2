"""The `amends` command: one group of short subcommands over the library code.

Domain errors become a one-line message on stderr and a non-zero exit status here, at the edge.
"""

import argparse
import json
import logging
import sys
from pathlib import Path

from models import artifact, settings
from models.labels import LABELS, TITLES


class CliError(Exception):
    """A problem to report to the person in one line, exit status 1 (or `status`)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def _models_dir() -> Path:
    return settings.get_path("AMENDS_MODELS_DIR")


def _progress_bar():
    """tqdm on a terminal, plain lines otherwise (CI logs, pipes)."""
    if sys.stderr.isatty():
        from tqdm import tqdm
        return lambda iterable, total: tqdm(iterable, total=total, desc="parsing", unit="draft", file=sys.stderr)

    def plain(iterable, total):
        for i, item in enumerate(iterable, 1):
            if i % 250 == 0 or i == total:
                print(f"parsed {i}/{total}", file=sys.stderr, flush=True)
            yield item
    return plain


def cmd_serve(args) -> int:
    from service.server import serve
    serve(args.host, args.port, args.workers)
    return 0


def _read_draft(path: str | None) -> str:
    if path in (None, "-"):
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"cannot read {path}: {error}") from None


def format_text(result: dict) -> str:
    """A readable summary of one result for the terminal."""
    lines = [f"Overall: {result['overall']}/100   (model {result['model_version']})", ""]
    for label in LABELS:
        mark = "FLAG" if result["flags"][label] else " ok "
        lines.append(f"  [{mark}] {TITLES[label]:<21} {result['scores'][label]:.2f}")
    if result["matches"]:
        lines += ["", "Evidence:"]
        for m in result["matches"]:
            fix = f" -> {m['replacements'][0]!r}" if m["replacements"] else ""
            lines.append(f"  {m['rule_id']} ({m['dimension']}) at {m['offset']}: {m['text']!r}{fix}")
            lines.append(f"      {m['message']}")
    lines += ["", "Rewrite:", result["rewrite"]["text"]]
    return "\n".join(lines)


def cmd_score(args) -> int:
    from models.scorer import Parser, Scorer
    from service.errors import ApiError
    from service.feedback import check_context, check_disabled, check_text, score_texts

    text = _read_draft(args.file)
    try:
        check_text(text, "draft")
        check_context(args.context)
        disabled = check_disabled(args.disabled or [])
    except ApiError as error:
        raise CliError(error.message, 2) from None
    models_dir = _models_dir()
    version = settings.get("AMENDS_MODEL_VERSION") or artifact.active_version(models_dir)
    scorer = Scorer(artifact.load(models_dir, version), Parser(settings.get("AMENDS_SPACY_MODEL") or None))
    result = score_texts(scorer, [text], disabled)[0]
    print(format_text(result) if args.format == "text" else json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def cmd_train(args) -> int:
    from training.dataset import load_corpus
    from training.store import ExampleStore
    from training.train import train
    from training.validate import validate_corpus

    corpus_dir = settings.get_path("AMENDS_CORPUS_DIR")
    report = validate_corpus(corpus_dir, duplicates=False)  # `amends data check` looks for those
    if report.errors:
        raise CliError(f"the corpus has {len(report.errors)} errors; run `amends data check`")
    data_dir = settings.get_path("AMENDS_DATA_DIR")
    extra = ExampleStore.open(data_dir).accepted_examples()
    result = train(load_corpus(corpus_dir), models_dir=_models_dir(), cache_dir=data_dir / "parse-cache",
                   spacy_model=settings.get("AMENDS_SPACY_MODEL") or None, real_dev=settings.get_path("AMENDS_REAL_DEV"),
                   force=args.force, full=args.full, extra=extra, progress=lambda m: print(m, flush=True), bar=_progress_bar())
    return 0 if result.promoted else 3


def cmd_evaluate(args) -> int:
    from models.scorer import Parser
    from training.dataset import load_corpus
    from training.evaluate import comparison_table, evaluate, read_real_dev, write_report
    from training.parse_cache import parse_with_cache

    models_dir = _models_dir()
    version = args.version or artifact.active_version(models_dir)
    loaded = artifact.load(models_dir, version)
    parser = Parser(settings.get("AMENDS_SPACY_MODEL") or None)
    sets = {"test split": [e for e in load_corpus(settings.get_path("AMENDS_CORPUS_DIR")) if e.split == "test"]}
    real_dev = settings.get_path("AMENDS_REAL_DEV")
    if real_dev.is_file():
        sets["real_dev"] = read_real_dev(real_dev)
    else:
        print(f"note: {real_dev} not found; evaluating on the test split only", file=sys.stderr)
    cache = settings.get_path("AMENDS_DATA_DIR") / "parse-cache"
    results = {}
    for name, examples in sets.items():
        docs, _ = parse_with_cache(parser.nlp, [e.text for e in examples], cache)
        results[name] = evaluate(loaded.classifier, examples, [a for _, _, a in parser.analyze_docs(docs)])
        print(comparison_table(name, results[name]) + "\n")
    out = Path(args.out) if args.out else models_dir / "reports"
    print(f"report: {write_report(out, version, results, loaded.classifier.thresholds_)}")
    return 0


def cmd_data_check(args) -> int:
    from training.validate import validate_corpus

    report = validate_corpus(Path(args.dir) if args.dir else settings.get_path("AMENDS_CORPUS_DIR"))
    print(report.render())
    return 1 if report.errors else 0


def cmd_models(args) -> int:
    models_dir = _models_dir()
    if args.action == "list":
        active = artifact.read_pointer(models_dir).get("active")
        for version in artifact.list_versions(models_dir):
            meta = artifact.read_metadata(models_dir, version)
            test = meta.get("metrics", {}).get("test split", {}).get("model", {})
            mark = "*" if version == active else " "
            print(f"{mark} {version}  headline macro-F1 {test.get('headline_mean', float('nan')):.3f}  {meta.get('gate', '')}")
        return 0
    if args.action == "promote":
        if not args.version:
            raise CliError("usage: amends models promote VERSION", 2)
        artifact.promote(models_dir, args.version)
        print(f"active model: {args.version}")
        return 0
    print(f"active model: {artifact.rollback(models_dir)}")
    return 0


def cmd_examples(args) -> int:
    from training.store import ExampleStore, ImportRejected

    store = ExampleStore.open(settings.get_path("AMENDS_DATA_DIR"))
    if args.action == "import":
        try:
            added, skipped = store.import_jsonl(Path(args.ids[0]) if args.ids else None)
        except ImportRejected as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            raise CliError(f"imported nothing: {len(error.problems)} invalid lines", 1) from None
        for line in skipped:
            print(f"skipped duplicate: {line}")
        print(f"imported {len(added)} examples (pending review), skipped {len(skipped)} duplicates")
        return 0
    if args.action == "review":
        for row in store.rows(status=args.status):
            flags = ", ".join(k for k in LABELS if row["labels"][k]) or "no flags"
            print(f"#{row['id']} [{row['status']}] ({row['source']}, {row['context']}) {flags}\n    {row['text'][:200]!r}")
        return 0
    if not args.ids:
        raise CliError(f"usage: amends examples {args.action} ID [ID ...]", 2)
    try:
        ids = [int(i) for i in args.ids]
    except ValueError:
        raise CliError("example ids are numbers", 2) from None
    changed = store.set_status(ids, "accepted" if args.action == "accept" else "rejected")
    print(f"{args.action}ed {changed} examples")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="amends", description="Feedback on apology drafts, on your own machine.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the web app and JSON API (gunicorn)")
    p.add_argument("--host", default=settings.get("AMENDS_HOST"))
    p.add_argument("--port", type=int, default=int(settings.get("AMENDS_PORT")))
    p.add_argument("--workers", type=int, default=int(settings.get("AMENDS_WORKERS")))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("score", help="score one draft from a file or stdin")
    p.add_argument("file", nargs="?", help="file with the draft (default: stdin)")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--context", default=None)
    p.add_argument("--disabled", nargs="*", help="dimension keys or rule ids to switch off")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("train", help="train a new model version from data/ plus accepted examples")
    p.add_argument("--force", action="store_true", help="promote even if the quality gate fails")
    p.add_argument("--full", action="store_true", help="search hyperparameters again instead of reusing the active model's")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="evaluate a model beside the keyword baseline")
    p.add_argument("--version", help="model version (default: the active one)")
    p.add_argument("--out", help="report directory (default: models/reports)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("data", help="dataset tools")
    p.add_argument("action", choices=("check",))
    p.add_argument("--dir", help="corpus directory (default: data/corpus)")
    p.set_defaults(func=cmd_data_check)

    p = sub.add_parser("models", help="list, promote or roll back model versions")
    p.add_argument("action", choices=("list", "promote", "rollback"))
    p.add_argument("version", nargs="?")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("examples", help="the store of labelled examples for retraining")
    p.add_argument("action", choices=("import", "review", "accept", "reject"))
    p.add_argument("ids", nargs="*", help="FILE.jsonl for import; example ids for accept/reject")
    p.add_argument("--status", default="pending", choices=("pending", "accepted", "rejected", "all"))
    p.set_defaults(func=cmd_examples)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as error:
        print(f"amends: {error}", file=sys.stderr)
        return error.status
    except (artifact.ArtifactError, ValueError, OSError) as error:
        print(f"amends: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
