# Times SQL straight on a local D1's SQLite file for bench:search, with the system's libsqlite3 (the one the Debian
# sqlite3 CLI uses; its `.timer` prints wall time in whole milliseconds, too coarse for a 0.5 ms FTS5 query).
# Read-only. Speaks JSON lines on stdin/stdout: {"op": "query", "sql", "params"} answers {"columns", "rows"};
# {"op": "time", "statements": [{"sql", "params"}]} runs each one, fetching every row, and answers {"ms": [...]}.
import json
import sqlite3
import sys
import time

connection = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)


def plain(value):
    return value.hex() if isinstance(value, (bytes, bytearray)) else value


for line in sys.stdin:
    request = json.loads(line)
    try:
        if request["op"] == "query":
            cursor = connection.execute(request["sql"], request.get("params", []))
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = [[plain(v) for v in row] for row in cursor.fetchall()]
            answer = {"columns": columns, "rows": rows}
        else:
            times = []
            for statement in request["statements"]:
                start = time.perf_counter_ns()
                connection.execute(statement["sql"], statement.get("params", [])).fetchall()
                times.append((time.perf_counter_ns() - start) / 1e6)
            answer = {"ms": times}
    except sqlite3.Error as error:
        answer = {"error": f"{type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
