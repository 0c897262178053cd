"""What bench/restart.py concludes from the calls: outages, lost writes, clean failures."""

from collections import Counter
from dataclasses import asdict

from restart_load import Call

AFTER = 2.0  # seconds after a window closes reported separately: where a stale connection would show


def check_writes(calls: list[Call], landed_rows: dict[str, tuple[str, bool]]) -> dict:
    """Acknowledged writes missing from the database, failed writes that landed anyway, and speakers whose
    creation is missing from their history."""
    landed = {slug: description for slug, (description, _) in landed_rows.items()}
    creates = [call for call in calls if call.kind == "create"]
    lost = [f"create {call.slug}" for call in creates if call.ok and call.slug not in landed]
    landed_anyway = [f"create {call.slug}" for call in creates if not call.ok and call.slug in landed]
    updates: dict[str, list[Call]] = {}
    for call in sorted((call for call in calls if call.kind == "update"), key=lambda call: call.start):
        updates.setdefault(call.slug, []).append(call)
    for slug, history in updates.items():
        # A client stops editing a speaker after a failed update, so a failure can only be the last one.
        acked = [call for call in history if call.ok]
        failed = history[-1] if not history[-1].ok else None
        value = landed.get(slug)
        if failed is not None and value == failed.marker:
            landed_anyway.append(f"update {slug}: {failed.marker!r}")
        elif acked and value != acked[-1].marker:
            lost.append(f"update {slug}: acknowledged {acked[-1].marker!r}, the database has {value!r}")
    acknowledged = sum(call.ok for call in calls if call.kind in ("create", "update"))
    unrecorded = sorted(slug for slug, (_, recorded) in landed_rows.items() if not recorded)
    return {"acknowledged": acknowledged, "lost": lost, "failed_but_landed": landed_anyway,
            "without_history": unrecorded}  # fmt: skip


def percentile_ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1) if ordered else 0.0


def overlaps(call: Call, window: tuple[float, float]) -> bool:
    return call.start <= window[1] and call.end >= window[0]


def outage_report(times: dict, grace: float, calls: list[Call]) -> dict:
    window = (times["stop_begin"], times["back"] + grace)
    inside = [call for call in calls if overlaps(call, window)]
    failed = [call for call in inside if not call.ok]
    after = [call for call in calls if window[1] < call.start <= window[1] + AFTER]
    report = {
        "app_connections_at_stop": times["app_connections"],
        "window_s": [round(window[0], 3), round(window[1], 3)],
        "length_s": round(window[1] - window[0], 3),
        "stop_s": round(times["stopped"] - times["stop_begin"], 3),
        "down_s": round(times["start_begin"] - times["stopped"], 3),
        "start_s": round(times["started"] - times["start_begin"], 3),
        "database_back_after_s": round(times["database_ok"] - times["stop_begin"], 3),
        "back_by": "/api/health/ 200" if "health_ok" in times else "a direct connection",
        "back_after_s": round(times["back"] - times["stop_begin"], 3),
        "requests_inside": len(inside),
        "failed_inside": len(failed),
        "failed_inside_by_class": dict(Counter(f"{call.kind} {call.failure_class()}" for call in failed)),
        "failed_inside_after_back": sum(call.start > times["back"] for call in failed),
        "requests_just_after": len(after),
        "failed_just_after": sum(not call.ok for call in after),
    }
    for probe in ("readiness_while_down", "readiness_with_token_while_down"):
        if probe in times:
            report[probe] = {"status": times[probe][0], "body": times[probe][1]}
    return report


def verdict(calls: list[Call], restarts: list[dict], grace: float, writes: dict, config: dict) -> dict:
    windows = [(times["stop_begin"], times["back"] + grace) for times in restarts]
    inside = [call for call in calls if any(overlaps(call, window) for window in windows)]
    outside = [call for call in calls if not any(overlaps(call, window) for window in windows)]
    outside_errors = [call for call in outside if not call.ok]
    unclean = [call for call in inside if not call.ok and not call.clean_failure()]
    outages = {times["name"]: outage_report(times, grace, calls) for times in restarts}
    readiness = outages["busy"]["readiness_while_down"]
    latencies = [call.end - call.start for call in outside if call.ok]
    goals = {
        "errors_outside_windows": not outside_errors,
        "lost_acknowledged_writes": not writes["lost"],
        "unclean_failures_inside_windows": not unclean,
        "readiness_reports_outage": (readiness["status"], readiness["body"]) == (503, {"database": "unavailable"}),
    }
    return {
        "config": config,
        "requests": len(calls),
        "by_kind": dict(Counter(call.kind for call in calls)),
        "outages": outages,
        "inside_windows": {
            "requests": len(inside),
            "failed": sum(not call.ok for call in inside),
            "unclean": [asdict(call) for call in unclean],
        },
        "outside_windows": {
            "requests": len(outside),
            "errors": len(outside_errors),
            "error_details": [asdict(call) for call in outside_errors[:50]],
            "latency_p50_ms": percentile_ms(latencies, 0.50),
            "latency_p95_ms": percentile_ms(latencies, 0.95),
            "latency_max_ms": percentile_ms(latencies, 1.0),
        },
        "writes": {
            "acknowledged": writes["acknowledged"],
            "lost": len(writes["lost"]),
            "lost_details": writes["lost"],
            "failed_but_landed": len(writes["failed_but_landed"]),
            "failed_but_landed_details": writes["failed_but_landed"],
            "created_without_history": writes["without_history"],
        },
        "goals_met": goals,
        "passed": all(goals.values()),
    }


def print_summary(report: dict, results: str) -> None:
    config, goals, writes = report["config"], report["goals_met"], report["writes"]
    inside, outside = report["inside_windows"], report["outside_windows"]
    mark = {True: "met", False: "MISSED"}
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(report["by_kind"].items()))
    rows = [("requests", report["requests"], kinds)]
    for name, outage in report["outages"].items():
        classes = ", ".join(f"{key} {count}" for key, count in sorted(outage["failed_inside_by_class"].items()))
        rows += [
            (f"{name} restart: window (s)", f"{outage['length_s']:.2f}",
             f"stop {outage['stop_s']:.2f} + down {outage['down_s']:.2f} + start {outage['start_s']:.2f}; "
             f"{outage['back_by']} at +{outage['back_after_s']:.2f}; + {config['grace']:g} grace"),
            ("  requests inside / failed", f"{outage['requests_inside']}/{outage['failed_inside']}", classes),
            ("  failed after back (grace)", outage["failed_inside_after_back"], ""),
            (f"  next {AFTER:g} s: requests/failed", f"{outage['requests_just_after']}/{outage['failed_just_after']}",
             f"the first requests after {outage['app_connections_at_stop']} app connections were broken"),
        ]  # fmt: skip
        if "readiness_while_down" in outage:
            down, with_token = outage["readiness_while_down"], outage["readiness_with_token_while_down"]
            rows += [
                ("  /api/health/ while down", down["status"],
                 f"{down['body']} (goal 503): {mark[goals['readiness_reports_outage']]}"),
                ("  same, with a token", with_token["status"], f"{with_token['body']} (informative)"),
            ]  # fmt: skip
    rows += [
        ("unclean failures inside", len(inside["unclean"]), "timeouts, dropped connections, non-JSON, non-5xx "
         f"(goal 0): {mark[goals['unclean_failures_inside_windows']]}"),
        ("requests outside windows", outside["requests"],
         f"p50 {outside['latency_p50_ms']} ms, p95 {outside['latency_p95_ms']} ms, max {outside['latency_max_ms']} ms"),
        ("errors outside windows", outside["errors"], f"goal 0: {mark[goals['errors_outside_windows']]}"),
        ("acknowledged writes", writes["acknowledged"], "creates and If-Match updates answered 2xx"),
        ("lost acknowledged writes", writes["lost"], f"goal 0: {mark[goals['lost_acknowledged_writes']]}"),
        ("failed writes that landed", writes["failed_but_landed"], "informative"),
        ("speakers without history", len(writes["created_without_history"]),
         "in the database, but not their creation in claims_historicalspeaker (informative)"),
    ]  # fmt: skip
    print(f"\nPostgreSQL restarts under load: gunicorn 2 sync workers, {config['clients']} clients, "
          f"<= {config['rate']:g} req/s for {config['seconds']:g} s")  # fmt: skip
    for name, value, note in rows:
        print(f"  {name:<32}{value!s:>8}  {note}")
    for call in outside["error_details"][:10]:
        print(f"  outside-window error at {call['start']:.2f}-{call['end']:.2f} s: {call['method']} {call['path']} "
              f"-> {call['status']} {call['error'][:160]}")  # fmt: skip
    for item in writes["lost_details"][:10]:
        print(f"  lost: {item}")
    for item in writes["failed_but_landed_details"][:10]:
        print(f"  failed but landed: {item}")
    print(f"\n{'PASS' if report['passed'] else 'FAIL'}; details in {results}")
