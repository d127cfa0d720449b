"""The class view: `coach serve`, a small private web server of our own.

One server process follows the instructor's live session by tailing its
journal and pushes a small JSON of what a class may see to every browser over
one server-sent-event stream; the page animates the breath pacer and the
timers itself from the deadlines it is sent. Modules:

- `snapshot`: the engine's view turned into that JSON (pure, no web);
- `feed`: which session to follow, its journal tail, liveness (no web);
- `auth`: token, cookie, Host and Origin checks;
- `server`: the aiohttp application and its one event stream;
- `command`: `serve()`, what `coach serve` runs.

aiohttp is the optional ``serve`` extra; nothing outside this package imports it.
"""

INSTALL_HINT = 'coach serve needs the "serve" extra: pip install "coach[serve]"'
