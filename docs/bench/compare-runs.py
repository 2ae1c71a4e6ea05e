#!/usr/bin/env python3
"""Do two bench reports agree? The median ratio of every workload in two runs, and their difference.

    python3 docs/bench/compare-runs.py docs/bench/bench-h2.json docs/bench/bench-h2-run2.json [--tolerance 0.15]

Prints a Markdown table (workload, clients, both medians with their min-max, the difference relative to the first
run) and exits with 1 when a ratio differs by more than the tolerance (default ±15 %, the issue's measure). The
references' own relation to engine-baseline (toEngineBaseline) is printed below the table, not compared.
"""
import argparse
import json


def workloads(path):
    with open(path) as f:
        report = json.load(f)
    return report, {(w['name'], w['clients']): w for w in report['workloads']}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('first')
    parser.add_argument('second')
    parser.add_argument('--tolerance', type=float, default=0.15)
    args = parser.parse_args()
    first, a = workloads(args.first)
    second, b = workloads(args.second)
    print(f"| workload | clients | ratio, run 1 ({first['startedAt'][:16]}) | ratio, run 2 ({second['startedAt'][:16]}) | difference |")
    print('| --- | ---: | --- | --- | ---: |')
    worst = 0.0
    for key, w in a.items():
        if key not in b:
            print(f'| {key[0]} | {key[1]} | {w["ratio"]} | (not in run 2) | |')
            continue
        v = b[key]
        if w['ratio'] == 0:
            continue
        diff = v['ratio'] / w['ratio'] - 1
        worst = max(worst, abs(diff))
        mark = '' if abs(diff) <= args.tolerance else ' ✗'
        print(f'| {key[0]} | {key[1]} | {w["ratio"]} ({w["ratioMin"]}–{w["ratioMax"]}) '
              f'| {v["ratio"]} ({v["ratioMin"]}–{v["ratioMax"]}) | {diff:+.0%}{mark} |')
    # The references' price against the bare engine (a signature, a verification against a commit): the machine's, shown
    # for information, outside the tolerance.
    for key, w in a.items():
        if 'toEngineBaseline' in w and key in b and 'toEngineBaseline' in b[key]:
            v = b[key]['toEngineBaseline']
            print(f'\n{key[0]} against engine-baseline (the machine\'s, not compared): {w["toEngineBaseline"]} / {v} '
                  f'({v / w["toEngineBaseline"] - 1:+.0%})', end='')
    print(f'\n\nlargest difference {worst:.0%} (tolerance ±{args.tolerance:.0%})')
    return 0 if worst <= args.tolerance else 1


if __name__ == '__main__':
    raise SystemExit(main())
