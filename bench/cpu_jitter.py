"""How steady this machine's CPU is: the same small piece of Python work, timed many times.

A server's tail latency can be no steadier than the machine it runs on. This times a fixed
loop (about 1.5 ms here) in CPU time and wall time, with a 2 ms pause between runs (as a server
at a few hundred requests a second idles between them), and prints the percentiles::

    python bench/cpu_jitter.py --seconds 10

On a steady machine p99 and the maximum stay near p50. Run it beside the HTTP benchmark's
figures: a p99 several times p50 in CPU time means the same work sometimes takes several times
longer, whatever the code does.
"""

from __future__ import annotations

import argparse
import json
import time


def work(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--loop", type=int, default=20_000, help="iterations of the work")
    parser.add_argument("--pause", type=float, default=0.002, help="seconds between runs")
    args = parser.parse_args()
    work(args.loop)
    cpu, wall = [], []
    end = time.perf_counter() + args.seconds
    while time.perf_counter() < end:
        c, w = time.thread_time(), time.perf_counter()
        work(args.loop)
        cpu.append(time.thread_time() - c)
        wall.append(time.perf_counter() - w)
        time.sleep(args.pause)
    out: dict[str, float] = {"runs": len(cpu)}
    for name, values in (("cpu", sorted(cpu)), ("wall", sorted(wall))):
        n = len(values)
        out[f"{name}_p50_ms"] = round(values[n // 2] * 1000, 3)
        out[f"{name}_p99_ms"] = round(values[min(n - 1, int(n * 0.99))] * 1000, 3)
        out[f"{name}_max_ms"] = round(values[-1] * 1000, 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
