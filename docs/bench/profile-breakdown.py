#!/usr/bin/env python3
"""Where a bench workload's time goes, from a Java Flight Recorder recording of the bench (README, Performance).

    jfr print --events jdk.ExecutionSample --stack-depth 1024 bench.jfr > samples.txt
    python3 docs/bench/profile-breakdown.py samples.txt assignOnline     # or offlineCycle, updateCycle

Prints, for the samples whose stack holds the bench method named, the share spent in each step (the InProcess*
call of the bench) and in each part of the stack (inclusive: a sample counts for every part it passes through).
On PostgreSQL the time a client waits for the server is spent in native code (a socket read), which execution
samples do not see: print the native method samples too and the breakdown is given for each kind.

    jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 1024 bench.jfr > samples.txt
    python3 docs/bench/profile-breakdown.py samples.txt assignOnline

    jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 1024 bench.jfr > samples.txt
    python3 docs/bench/profile-breakdown.py samples.txt --drain          # a run of --only timer-drain

The drain and its reference both run on the job executor's threads, one after the other: each of those samples goes
with the nearest sample in time whose stack shows which job it ran (the timer's handler or Grantflow's return for the
drain, a bare async continuation for the reference). Prints both, on the CPU (execution samples) and in native code
(native method samples: file writes and syncs, sockets).
"""
import bisect
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
    ('PostgreSQL: sending to the server (socket write)', r'SocketDispatcher\.write|NioSocketImpl\.write|SocketOutputStream\.write'),
    ('PostgreSQL: waiting for its answer (socket read)', r'SocketDispatcher\.read|NioSocketImpl\.read|SocketInputStream\.read'),
]

DRAIN_PARTS = [
    ('H2 (all SQL)', r'^org\.h2\.'),
    ('commit', r'JdbcConnection\.commit|PgConnection\.commit'),
    ('engine flush (INSERT/UPDATE/DELETE)', r'DbEntityManager\.flush$'),
    ('engine selects', r'DbEntityManager\.select'),
    ('job acquisition', r'AcquireJobsCmd'),
    ("the timer's handler (the task, its subscription and executions cancelled)", r'TimerExecuteNestedActivityJobHandler'),
    ('task deletion', r'TaskEntity\.delete|TaskManager\.deleteTask'),
    ('process end (executions and variables deleted)', r'PvmAtomicOperationProcessEnd|ExecutionEntity\.destroy|deleteCascade'),
    ("Grantflow's return (assignment, ledger, pool)", r'io\.grantflow\.credits'),
    ('ledger', r'io\.grantflow\.ledger'),
    ('history events', r'history\.producer|HistoryEventHandler'),
    ('file writes and syncs', r'FileChannelImpl\.(write|force)|FileDispatcherImpl|RandomAccessFile\.write'),
]


def events(path):
    """Each sample: kind (cpu or native), thread, seconds of the day, frames (innermost first)."""
    current = None
    for line in open(path):
        if line.startswith('jdk.ExecutionSample') or line.startswith('jdk.NativeMethodSample'):
            if current:
                yield current
            current = {'kind': 'cpu' if line.startswith('jdk.ExecutionSample') else 'native', 'thread': None, 'time': None,
                       'frames': []}
        elif current is not None:
            m = re.match(r'\s+startTime = (\d+):(\d+):(\d+)\.(\d+)', line)
            if m:
                h, mi, s, frac = m.groups()
                current['time'] = int(h) * 3600 + int(mi) * 60 + int(s) + float('0.' + frac)
                continue
            m = re.match(r'\s+sampledThread = "([^"]+)"', line)
            if m:
                current['thread'] = m.group(1)
                continue
            m = re.match(r'\s+([\w$.<>]+)\(', line)
            if m:
                current['frames'].append(m.group(1))
    if current:
        yield current


def print_parts(chosen, parts):
    n = len(chosen)
    for name, rx in parts:
        k = sum(1 for s in chosen if any(re.search(rx, f) for f in s))
        if k:
            print(f'  {100 * k / n:5.1f}%  {name}')


def main(path, method):
    by_kind = collections.defaultdict(list)
    for e in events(path):
        if any(method in f for f in e['frames']):
            by_kind[e['kind']].append(e['frames'])
    if not by_kind:
        sys.exit(f'no sample passes through {method}')
    for kind in ('cpu', 'native'):
        chosen = by_kind.get(kind)
        if not chosen:
            continue
        n = len(chosen)
        print(f'{method}, {"on the CPU" if kind == "cpu" else "in native code"}: {n} samples')
        steps = collections.Counter()
        for s in chosen:
            calls = [f for f in s if re.search(r'io\.grantflow\.\w+\.InProcess\w+\.\w+', f)]
            steps[calls[-1].split('.', 3)[-1] if calls else '(bench code, waits)'] += 1
        print('steps:')
        for step, k in steps.most_common():
            print(f'  {100 * k / n:5.1f}%  {step}')
        print('parts (inclusive):')
        print_parts(chosen, PARTS)


def job_of(frames):
    stack = ' '.join(frames)
    if 'TimerExecuteNestedActivityJobHandler' in stack or 'io.grantflow.credits' in stack:
        return 'timer-drain'
    if 'AsyncContinuationJobHandler' in stack:
        return 'engine-baseline-async'
    return None


def drain(path):
    job_threads = [e for e in events(path) if e['thread'] and e['time'] is not None
                   and (e['thread'].startswith('camundaTaskExecutor') or e['thread'].startswith('JobExecutor'))]
    marks = sorted((e['time'], job_of(e['frames'])) for e in job_threads if job_of(e['frames']))
    if not marks:
        sys.exit('no job executor sample shows a timer or an async continuation: is this a timer-drain run?')
    times = [t for t, _ in marks]
    split = collections.defaultdict(list)
    for e in job_threads:
        i = bisect.bisect_left(times, e['time'])
        nearest = min((marks[k] for k in (i - 1, i) if 0 <= k < len(marks)), key=lambda m: abs(m[0] - e['time']))
        split[(nearest[1], e['kind'])].append(e['frames'])
    for workload in ('timer-drain', 'engine-baseline-async'):
        for kind in ('cpu', 'native'):
            chosen = split.get((workload, kind), [])
            print(f'{workload}, {"on the CPU" if kind == "cpu" else "in native code"}: {len(chosen)} samples')
            if chosen:
                print_parts(chosen, DRAIN_PARTS)


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[2] == '--drain':
        drain(sys.argv[1])
    else:
        main(sys.argv[1], sys.argv[2])
