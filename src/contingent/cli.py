"""The `contingent` command: set up, run, import/export and script Contingent from a shell.

Commands that change records run as a named user (--user, default $CONTINGENT_CLI_USER or "admin"),
through the same services and permission checks as the web UI and the API."""

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

DEMO_PASSWORD_NOTE = "demo logins (password for all: contingent-demo)"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contingent.settings")
    import django

    django.setup()


def _actor(args: argparse.Namespace) -> Any:
    from django.contrib.auth.models import User

    username = args.user or os.environ.get("CONTINGENT_CLI_USER", "admin")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise SystemExit(f"error: user: no active user named '{username}' (use --user)")
    return user


def cmd_init(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    print(f"database ready: {settings.DATABASES['default']['NAME']}")
    if args.demo:
        from contingent.demo.loader import load_demo

        summary = load_demo()
        print(f"demo organisation loaded: {summary}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from waitress import serve

    from contingent.wsgi import application

    print(f"Contingent is serving on http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    serve(application, host=args.host, port=args.port, threads=8, ident="contingent")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if not User.objects.filter(username="admin").exists():
        args.demo = True
        cmd_init(args)
    from contingent.demo.loader import DEMO_LOGINS, DEMO_PASSWORD

    print(f"\nDemo organisation ready. Open http://{args.host}:{args.port}/ and sign in as one of:")
    for username, role in DEMO_LOGINS:
        print(f"  {username:<12} {role}")
    print(f"Password for every demo login: {DEMO_PASSWORD}\n")
    _start_demo_worker()
    return cmd_serve(args)


def _start_demo_worker() -> None:
    """The demo runs the background worker in a thread: email goes to CONTINGENT_EMAIL_URL (by default
    files under DATA_DIR/outbox). In production run `contingent worker` as its own process."""
    import threading

    from django.conf import settings

    from contingent.notifications.worker import run_worker

    threading.Thread(target=run_worker, kwargs={"interval": 10.0}, daemon=True, name="contingent-worker").start()
    target = settings.EMAIL_URL.split("@")[-1] if settings.EMAIL_URL else f"{settings.DATA_DIR}/outbox"
    print(f"Background worker started in this process: email goes to {target}\n")


def cmd_token(args: argparse.Namespace) -> int:
    from contingent.access.services import create_token

    token, secret = create_token(None, args.username, args.name)
    print(secret)
    print(f"token '{token.name}' for {args.username}; store it now, it is not shown again", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from contingent.exchange.importer import import_data
    from contingent.exchange.reading import ImportFailed

    try:
        summary = import_data(_actor(args), Path(args.path))
    except ImportFailed as failure:
        for problem in failure.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"nothing was imported ({len(failure.problems)} problem(s))", file=sys.stderr)
        return 1
    for section, counts in summary.counts().items():
        print(f"{section}: {counts['created']} created, {counts['updated']} updated")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from contingent.exchange.exporter import export_data

    if args.offline_directory is not None:
        return cmd_export_offline(args)
    counts = export_data(_actor(args), Path(args.directory))
    for section, n in counts.items():
        print(f"{section}: {n}")
    print(f"written to {Path(args.directory).resolve()}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from contingent.lib.durations import format_duration
    from contingent.recovery.services import rto_conflicts_seen_by

    conflicts = rto_conflicts_seen_by(_actor(args))  # as the API's /rto-conflicts: what --user may see
    if args.json:
        print(json.dumps([c.to_dict() for c in conflicts], indent=2))
        return 0
    for c in conflicts:
        path = " -> ".join(s.name for s in c.path)
        print(f"{c.name}: RTO {format_duration(c.rto)} but {path} can only be back in {format_duration(c.achievable)}")
    print(f"{len(conflicts)} RTO conflict(s)")
    return 0


def cmd_user_create(args: argparse.Namespace) -> int:
    from django.contrib.auth.models import User

    if User.objects.filter(username=args.username).exists():
        print(f"error: username: '{args.username}' exists", file=sys.stderr)
        return 1
    password = args.password or os.environ.get("CONTINGENT_PASSWORD", "")
    if not password:
        print("error: password: give --password or set CONTINGENT_PASSWORD", file=sys.stderr)
        return 1
    User.objects.create_user(args.username, password=password, is_superuser=args.admin, is_staff=args.admin)
    print(f"user {args.username} created{' (administrator)' if args.admin else ''}")
    return 0


def cmd_user_unlock(args: argparse.Namespace) -> int:
    from contingent.access.login import unlock_user

    removed = unlock_user(_actor(args), args.username)
    print(f"{args.username} unlocked ({removed} lockout record(s) removed)")
    return 0


def cmd_export_offline(args: argparse.Namespace) -> int:
    from contingent.documents.offline import export_offline

    if args.directory != "offline":
        print("error: directory: give one directory, or 'offline DIR' for the offline copy", file=sys.stderr)
        return 1
    summary = export_offline(_actor(args), Path(args.offline_directory))
    print(f"{summary.plans} published plan(s), {summary.files} file(s) written to {summary.directory}")
    print(f"check it with: cd {summary.directory} && sha256sum -c MANIFEST.sha256")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from contingent.notifications.worker import run_once, run_worker

    if args.once:
        result = run_once()
        s = result.sending
        print(f"{result.reminders} reminder(s) queued; {s.sent} sent, {s.retried} to retry, {s.failed} failed")
        return 0
    print(f"worker running: sends queued email and review reminders every {args.interval:g}s (Ctrl+C stops it)")
    try:
        run_worker(interval=args.interval)
    except KeyboardInterrupt:
        pass
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contingent", description="Business continuity and disaster recovery management."
    )
    parser.add_argument("--user", help="act as this user (default: $CONTINGENT_CLI_USER or admin)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create the data directory and database; --demo loads the demo organisation")
    p.add_argument("--demo", action="store_true")
    p.set_defaults(func=cmd_init)
    for name, func, text in (
        ("serve", cmd_serve, "serve the web UI and API"),
        ("demo", cmd_demo, "set up the demo organisation (once) and serve it"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--port", type=int, default=int(os.environ.get("CONTINGENT_PORT", "8000")))
        p.add_argument("--host", default="127.0.0.1")
        p.set_defaults(func=func)

    token = sub.add_parser("token", help="API bearer tokens").add_subparsers(dest="action", required=True)
    p = token.add_parser("create", help="create a bearer token for USERNAME and print it once")
    p.add_argument("username")
    p.add_argument("--name", default="cli")
    p.set_defaults(func=cmd_token)

    p = sub.add_parser("import", help="import a YAML file or a folder of CSV files (all or nothing)")
    p.add_argument("path")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser(
        "export",
        help="export org, inventory and BIA as YAML and CSV into DIR; 'export offline DIR' writes every published "
        "plan as a static HTML site with its PDF and a SHA-256 manifest",
    )
    p.add_argument("directory")
    p.add_argument("offline_directory", nargs="?", metavar="DIR", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("worker", help="send queued email and review reminders (runs until stopped; --once: one pass)")
    p.add_argument("--once", action="store_true")
    p.add_argument("--interval", type=float, default=30.0, help="seconds between passes (default 30)")
    p.set_defaults(func=cmd_worker)

    analyze = sub.add_parser("analyze", help="recovery analysis").add_subparsers(dest="question", required=True)
    p = analyze.add_parser("conflicts", help="services whose RTO is shorter than what they depend on can achieve")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_conflicts)
    from contingent.recovery.cli import add_analysis_commands

    add_analysis_commands(analyze)

    audit = sub.add_parser("audit", help="the tamper-evident audit trail").add_subparsers(dest="action", required=True)
    from contingent.audit.cli import register as register_audit
    from contingent.evidence.cli import register as register_evidence

    register_audit(audit)
    register_evidence(sub)
    from contingent.plans.cli import register as register_plans

    register_plans(sub)

    user = sub.add_parser("user", help="logins").add_subparsers(dest="action", required=True)
    p = user.add_parser("create", help="create a login")
    p.add_argument("username")
    p.add_argument("--password")
    p.add_argument("--admin", action="store_true", help="give the login the administrator role")
    p.set_defaults(func=cmd_user_create)
    p = user.add_parser("unlock", help="lift the sign-in lockout of USERNAME after repeated failed passwords")
    p.add_argument("username")
    p.set_defaults(func=cmd_user_unlock)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup()
    from django.core.exceptions import PermissionDenied, ValidationError

    try:
        return int(args.func(args) or 0)
    except ValidationError as error:
        for field, messages in getattr(error, "message_dict", {"": error.messages}).items():
            print(f"error: {field}: {' '.join(messages)}" if field else f"error: {' '.join(messages)}", file=sys.stderr)
        return 1
    except PermissionDenied as error:
        print(f"error: not allowed: {error}", file=sys.stderr)
        return 1
