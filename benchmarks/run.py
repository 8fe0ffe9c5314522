"""Benchmark: N synthetic returns timed through the calamine floor, openpyxl, `xlt validate` and `xlt consolidate`.

    .venv/bin/python benchmarks/run.py --sizes 100 1000 5000 [--repeats 3] [--markdown benchmarks/RESULTS.md]

Returns are generated once per N into a cache (default /tmp/xlt_bench/<N>): a pool of prototypes written by
`xl_toolkit.io.samples` for the 2026 plan's 38 units (all three layouts, ~5 % with a planted defect), copied N
times under distinct names with a distinct docProps/core.xml, so every file has its own SHA-256 (the ledger
stores each) while copies of one unit supersede each other in consolidation, as resubmissions do.
Each stage runs in a fresh subprocess; seconds are the work inside it (imports excluded, reported once),
peak memory is the child's peak RSS (VmHWM) and its largest pool worker's ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STAGES: tuple[str, ...] = ("floor", "openpyxl", "validate", "consolidate")
STAGE_TITLES = {"floor": "1 calamine floor", "openpyxl": "2 openpyxl read-only", "validate": "3 xlt validate",
                "consolidate": "4 xlt consolidate"}
#: Prototype sets written with openpyxl (38 returns each); copies cycle over them.
PROTOTYPE_SEEDS = 6
#: Returns per prototype set that get one planted defect (2 of 38 ≈ 5 %).
DEFECTS_PER_SET = 2
MASTER_NAME = "任务分工表.xlsx"


@dataclass(frozen=True)
class Corpus:
    """A generated benchmark folder: its returns, the master, and the task rows the returns hold."""

    directory: Path
    returns: Path
    master: Path
    files: int
    rows: int


def generate(n: int, cache: Path) -> Corpus:
    """N returns (and the master) under `cache`/<n>, generated once and reused while the manifest matches."""
    root = cache / str(n)
    manifest = root / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return Corpus(root, root / "returns", root / MASTER_NAME, data["files"], data["rows"])
    prototypes, master, rows_of = _prototypes(cache, min(PROTOTYPE_SEEDS, -(-n // 38)))
    if root.exists():
        shutil.rmtree(root)
    (root / "returns").mkdir(parents=True)
    shutil.copy(master, root / MASTER_NAME)
    rows = 0
    for i in range(n):
        source = prototypes[i % len(prototypes)]
        _copy_distinct(source, root / "returns" / f"{i:05d}_{source.name}", i)
        rows += rows_of[source.name]
    manifest.write_text(json.dumps({"files": n, "rows": rows}), encoding="utf-8")
    return Corpus(root, root / "returns", root / MASTER_NAME, n, rows)


def _prototypes(cache: Path, seeds: int) -> tuple[list[Path], Path, dict[str, int]]:
    from xl_toolkit.assignments import assignments
    from xl_toolkit.io.samples import DEFECTS, LAYOUTS, write_sample_returns
    from xl_toolkit.services.plan_import import builtin_plan_text, import_plan_to_workbook
    from xl_toolkit.services.return_validation import validate_paths

    root = cache / f"prototypes-{seeds}"
    master = root / MASTER_NAME
    index = root / "rows.json"
    if not index.is_file():
        if root.exists():
            shutil.rmtree(root)
        plan, registry = import_plan_to_workbook(builtin_plan_text(), master)
        units = list(assignments(plan, registry))
        for seed in range(seeds):
            layouts = {u: LAYOUTS[(i + seed) % len(LAYOUTS)] for i, u in enumerate(units)}
            defects = {units[(seed * 7 + j * 19) % len(units)]: [DEFECTS[(seed * DEFECTS_PER_SET + j) % len(DEFECTS)]]
                       for j in range(DEFECTS_PER_SET)}
            folder = root / f"set{seed}"
            written = write_sample_returns(plan, registry, folder, seed=seed, layouts=layouts, defects=defects)
            for path in written.values():
                path.rename(root / f"s{seed}_{path.name}")
            folder.rmdir()
        report = validate_paths([p for p in root.iterdir() if p != master], master)
        index.write_text(json.dumps({Path(f.path).name: len(f.rows) for f in report.files}, ensure_ascii=False),
                         encoding="utf-8")
    rows_of: dict[str, int] = json.loads(index.read_text(encoding="utf-8"))
    return sorted(p for p in root.iterdir() if p.name in rows_of), master, rows_of


def _copy_distinct(source: Path, target: Path, i: int) -> None:
    """Copy a return, giving a workbook its own creator in docProps/core.xml (other files are copied as is)."""
    if not zipfile.is_zipfile(source):
        shutil.copy(source, target)
        return
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"<dc:creator>openpyxl</dc:creator>",
                                    f"<dc:creator>填报人{i:05d}</dc:creator>".encode())
            new.writestr(info, data)


# --- stages: each runs in its own process (`--stage`), timing only its work ---------------------------------

def _floor(corpus: Corpus, _out: Path) -> None:
    import python_calamine

    for path in sorted(corpus.returns.iterdir()):
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            book.close()
        except Exception:  # noqa: BLE001, S112 - damaged samples are part of the corpus
            continue


def _openpyxl(corpus: Corpus, _out: Path) -> None:
    from openpyxl import load_workbook

    for path in sorted(corpus.returns.iterdir()):
        try:
            book = load_workbook(path, read_only=True, data_only=True)
            for sheet in book.worksheets:
                for _row in sheet.iter_rows(values_only=True):
                    pass
            book.close()
        except Exception:  # noqa: BLE001, S112 - damaged samples are part of the corpus
            continue


def _cli(arguments: list[str]) -> None:
    from xl_toolkit.cli import app

    try:
        app(arguments, standalone_mode=False)
    except SystemExit:
        pass


def _validate(corpus: Corpus, out: Path) -> None:
    _cli(["validate", str(corpus.returns), "--master", str(corpus.master), "--json", str(out / "report.json")])


def _consolidate(corpus: Corpus, out: Path) -> None:
    _cli(["consolidate", str(corpus.returns), "--master", str(corpus.master), "-o", str(out / "汇总表.xlsx"),
          "--today", "2026-12-05"])


def largest_return(corpus: Corpus) -> Path:
    """The largest return file (the most task rows: the clerk's heaviest single check)."""
    return max(corpus.returns.iterdir(), key=lambda path: (path.stat().st_size, path.name))


def _one(corpus: Corpus, _out: Path) -> None:
    from xl_toolkit.services.return_validation import validate_paths

    validate_paths([largest_return(corpus)], corpus.master)


_RUNNERS: dict[str, Callable[[Corpus, Path], None]] = {"floor": _floor, "openpyxl": _openpyxl,
                                                        "validate": _validate, "consolidate": _consolidate,
                                                        "one": _one}
#: What each stage imports before its clock starts (the consolidate command loads its service when run).
_IMPORTS = {"floor": ("python_calamine",), "openpyxl": ("openpyxl",), "validate": ("xl_toolkit.cli",),
            "consolidate": ("xl_toolkit.cli", "xl_toolkit.services.consolidation"),
            "one": ("xl_toolkit.services.return_validation",)}


def run_stage(stage: str, corpus: Corpus, out: Path) -> dict[str, float]:
    """Run one stage in this process: import time, work seconds (wall, and CPU of this process and its workers),
    peak RSS (MB) of this process and of its largest worker."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for module in _IMPORTS[stage]:
        __import__(module)
    imported = time.perf_counter()
    cpu_at_import = time.process_time()
    _RUNNERS[stage](corpus, out)
    done = time.perf_counter()
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"import": imported - started, "seconds": done - imported,
            "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime - cpu_at_import,
            "rss": _peak_rss_mb(own.ru_maxrss), "worker_rss": workers.ru_maxrss / 1024}


def _peak_rss_mb(maxrss_kb: int) -> float:
    """This process's peak RSS: VmHWM (reset by exec, unlike ru_maxrss, which keeps the forking parent's peak)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return maxrss_kb / 1024


def measure(stage: str, corpus: Corpus, out: Path) -> dict[str, float]:
    """Run one stage in a fresh subprocess and return its figures."""
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, __file__, "--stage", stage, "--corpus", str(corpus.directory), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def benchmark(sizes: Sequence[int], repeats: Sequence[int], cache: Path,
              say: Callable[[str], None] = print) -> list[dict[str, Any]]:
    """Every stage on every size: median seconds of the repeats (rounds of all stages), median ratio to the
    floor within a round, largest peak memory."""
    results: list[dict[str, Any]] = []
    for n, times in zip(sizes, repeats, strict=True):
        started = time.perf_counter()
        corpus = generate(n, cache)
        say(f"N={n}: {corpus.files} files, {corpus.rows} rows (ready in {time.perf_counter() - started:.1f} s)")
        row: dict[str, Any] = {"files": corpus.files, "rows": corpus.rows, "repeats": times}
        # Rounds run every stage in turn, so a noisy moment on a shared machine hits all stages alike; the ratio
        # to the floor is the median of each round's own ratio.
        rounds = [{stage: measure(stage, corpus, cache / "out" / stage) for stage in STAGES} for _ in range(times)]
        for stage in STAGES:
            runs = [r[stage] for r in rounds]
            row[stage] = {"seconds": statistics.median(r["seconds"] for r in runs),
                          "import": statistics.median(r["import"] for r in runs),
                          "cpu": statistics.median(r["cpu"] for r in runs),
                          "rss": max(r["rss"] for r in runs), "worker_rss": max(r["worker_rss"] for r in runs),
                          "ratios": sorted(r[stage]["seconds"] / r["floor"]["seconds"] for r in rounds)}
            row[stage]["ratio"] = statistics.median(row[stage]["ratios"])
            say(f"  {STAGE_TITLES[stage]:<22} {row[stage]['seconds']:8.2f} s (CPU {row[stage]['cpu']:.2f} s)"
                f"  peak {row[stage]['rss']:6.0f} MB"
                f" (workers {row[stage]['worker_rss']:.0f} MB)  {row[stage]['ratio']:.2f}× floor"
                f" (rounds {row[stage]['ratios'][0]:.2f}–{row[stage]['ratios'][-1]:.2f})")
        if not results:
            runs = [measure("one", corpus, cache / "out" / "one") for _ in range(max(times, 3))]
            row["one"] = {"seconds": statistics.median(r["seconds"] for r in runs),
                          "import": statistics.median(r["import"] for r in runs), "file": largest_return(corpus).name}
            say(f"  {one_return(row)}")
        results.append(row)
    return results


def one_return(row: dict[str, Any]) -> str:
    """The single-return figure (the clerk's button): validation of the largest return, master read included."""
    one = row["one"]
    return (f"One return ({one['file']}): validate_paths {one['seconds']:.3f} s including reading the master; "
            f"importing the package {one['import']:.2f} s once")


def table(results: Sequence[dict[str, Any]]) -> str:
    """The results as a Markdown table: one line per size and stage, ratios to the floor (median of the rounds')."""
    lines = ["| files | rows | stage | seconds | CPU s | rows/s | peak RSS MB (main / worker) | × floor |",
             "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in results:
        for stage in STAGES:
            figures = row[stage]
            seconds = figures["seconds"]
            workers = f" / {figures['worker_rss']:.0f}" if figures["worker_rss"] else ""
            lines.append(f"| {row['files']:,} | {row['rows']:,} | {STAGE_TITLES[stage]} | {seconds:.2f} | "
                         f"{figures['cpu']:.2f} | "
                         f"{row['rows'] / seconds:,.0f} | {figures['rss']:.0f}{workers} | {figures['ratio']:.2f} |")
    return "\n".join(lines)


def machine() -> str:
    """One line on where the figures were taken."""
    return (f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
            f", {platform.system()} {platform.release()}")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `--sizes`, `--repeats`, `--cache`, `--json`; or `--stage` (internal, one child run)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeats", type=int, nargs="+", help="repeats per size (default 3, 1 above 1,000 files)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/xlt_bench"))
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--stage", choices=[*STAGES, "one"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        data = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8"))
        corpus = Corpus(args.corpus, args.corpus / "returns", args.corpus / MASTER_NAME, data["files"], data["rows"])
        print(json.dumps(run_stage(args.stage, corpus, args.out)))
        return 0
    repeats = args.repeats or [3 if n <= 1000 else 1 for n in args.sizes]
    if len(repeats) == 1:
        repeats = repeats * len(args.sizes)
    results = benchmark(args.sizes, repeats, args.cache)
    print(f"\n{machine()}\n\n{table(results)}\n\n{one_return(results[0])}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
