#!/usr/bin/env python3
"""Where a bench workload's time goes, from a Java Flight Recorder recording of the bench (README, Performance).

    jfr print --events jdk.ExecutionSample --stack-depth 1024 bench.jfr > samples.txt
    python3 docs/bench/profile-breakdown.py samples.txt assignOnline     # or offlineCycle, updateCycle

Prints, for the samples whose stack holds the bench method named, the share spent in each step (the InProcess*
call of the bench) and in each part of the stack (inclusive: a sample counts for every part it passes through).
"""
import collections
import re
import sys

PARTS = [
    ('ES256 sign/verify', r'sun\.security\.ec|nimbusds\.jose\.crypto'),
    ('H2 (all SQL)', r'^org\.h2\.'),
    ('commit', r'JdbcConnection\.commit|PgConnection\.commit'),
    ('engine flush (INSERT/UPDATE/DELETE)', r'DbEntityManager\.flush$'),
    ('engine selects', r'DbEntityManager\.select'),
    ('latest definition by key (a SELECT per start)', r'findLatestDefinitionByKey'),
    ('history events', r'history\.producer|HistoryEventHandler'),
    ('MyBatis mapping', r'org\.apache\.ibatis'),
    ('message correlation', r'CorrelateMessageCmd|MessageCorrelationBuilderImpl\.correlate'),
    ('Grantflow JDBC (own tables)', r'springframework\.jdbc\.core\.JdbcTemplate'),
    ('ledger', r'io\.grantflow\.ledger'),
    ('token records', r'io\.grantflow\.tokens\.TokenRecords'),
]


def samples(path):
    current = None
    for line in open(path):
        if line.startswith('jdk.ExecutionSample'):
            if current:
                yield current
            current = []
        elif current is not None:
            m = re.match(r'\s+([\w$.<>]+)\(', line)
            if m:
                current.append(m.group(1))
    if current:
        yield current


def main(path, method):
    chosen = [s for s in samples(path) if any(method in f for f in s)]
    if not chosen:
        sys.exit(f'no sample passes through {method}')
    n = len(chosen)
    print(f'{method}: {n} samples')
    steps = collections.Counter()
    for s in chosen:
        calls = [f for f in s if re.search(r'io\.grantflow\.\w+\.InProcess\w+\.\w+', f)]
        steps[calls[-1].split('.', 3)[-1] if calls else '(bench code, waits)'] += 1
    print('steps:')
    for step, k in steps.most_common():
        print(f'  {100 * k / n:5.1f}%  {step}')
    print('parts (inclusive):')
    for name, rx in PARTS:
        k = sum(1 for s in chosen if any(re.search(rx, f) for f in s))
        print(f'  {100 * k / n:5.1f}%  {name}')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
