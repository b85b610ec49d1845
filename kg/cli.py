"""The ``kg`` command: thin wrappers over the library.

Exit codes: 0 success; 1 the input or a check failed (a build with no
readable document, a graph that does not conform); 2 bad usage, a bad query
or a graph that cannot be loaded.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

import click

from kg.errors import ZhkgError

__all__ = ["main", "run"]

#: Set by a build whose outputs are all in place: the process may then end without tearing its heap
#: down (see :func:`run`).
_DONE_BUILD = False


def _fail(exc: ZhkgError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zhkg")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def main(verbose: bool) -> None:
    """zhkg — a knowledge graph of enterprises, government bodies, officials,
    projects and regions from Chinese news.

    \b
    Example:
      kg build seeds --out build/
      kg query build/graph.ttl --name agreements
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    _terminate_like_interrupt()


def _terminate_like_interrupt() -> None:
    """SIGTERM (``kill``, a service manager stopping the command) ends a command the way Ctrl-C does: as
    KeyboardInterrupt in the main thread, so staged outputs are removed, a served temporary store is deleted
    and the earlier outputs stay as they were. Processes forked later set their own handling
    (:func:`kg.parallel.quiet_worker`)."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder for graph.ttl, graph.trig, ontology.ttl and graph.html.")
@click.option("--model", type=click.Path(path_type=Path), default=None,
              help="spaCy NER pipeline to use instead of the shipped one.")
@click.option("--rules-only", is_flag=True, help="Use the rules and gazetteers only, no statistical model.")
@click.option("--no-html", is_flag=True, help="Skip graph.html.")
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Also load the graph into an on-disk Oxigraph store at this folder (e.g. build/store).")
@click.option("--field", "fields", multiple=True, metavar="FIELD=COLUMN",
              help="Column of an article collection (.jsonl/.json/.csv) holding id, title, date, url, publisher "
                   "or text, e.g. --field text=body.")
@click.option("--no-cache", is_flag=True,
              help="Extract every document again instead of reusing unchanged ones from OUT/.zhkg-cache.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=None,
              help="Worker processes extracting documents (default: one per core for corpora over 16 KB where "
                   "workers fork (Linux), over 256 KB elsewhere; else 1); "
                   "the output is the same for any N.")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Run the build's passes (extraction, resolution, quads) on the Dask cluster at ADDRESS "
                   "(tcp://host:8786), or 'local' to start one with --jobs workers; same output. Needs the extra: "
                   "pip install 'zhkg[dask]'.")
def build(paths: tuple[Path, ...], out: Path, model: Path | None, rules_only: bool, no_html: bool,
          store: Path | None, fields: tuple[str, ...], no_cache: bool, jobs: int | None, dask: str | None) -> None:
    """Build the graph of PATHS: .txt files, article collections (.jsonl, .json, .csv) or folders of them.

    \b
    Example:
      kg build seeds --out build/
      kg build seeds/001_5fbdaa8fd5a4efac.txt --out build/001
      kg build corpus/ --out big/ --store big/store    # then: kg query big/store --name agreements
      kg build corpus/ --out big/ --jobs 2
      kg build corpus/ --out big/ --dask local       # or --dask tcp://scheduler:8786
      kg build feed.jsonl --out feed/ --field text=content
    """
    from kg.builder import build as run_build
    from kg.ingest import discover

    from kg.articles import parse_fields

    try:
        files, _ = discover(list(paths))
        field_map = parse_fields(fields)
    except ZhkgError as exc:
        _fail(exc)
    from kg.parallel import own_process
    from kg.progress import terminal_bar

    own_process()
    try:
        report = run_build(list(paths), out, model=None if rules_only else (model or "default"),
                           html=not no_html, progress=terminal_bar(), store=store, jobs=jobs or _default_jobs(files),
                           fields=field_map, cache=not no_cache, dask=dask)
    except ZhkgError as exc:
        _fail(exc)
    click.echo(report.summary())  # each skipped or repaired file once, with the reason
    # what the build leaves lives until the process ends: its last full collection, on the way out, would
    # walk all of it for nothing (half a second on 200 files)
    gc.freeze()
    global _DONE_BUILD
    _DONE_BUILD = True
    if report.skipped:
        sys.exit(1)


def _default_jobs(files: list[Path]) -> int:
    """One worker per core once the corpus repays the workers' start: where they are forked from the
    loaded build (Linux) from 16 KB — 5 CLUENER files (14 KB) took 1.47–1.60 s with two workers and
    1.52–1.70 s with one, 15 files (35 KB) 1.53–1.63 s and 1.74–2.01 s, the five seeds (91 KB) 1.96–2.27 s
    and 2.11–2.47 s; where workers are spawned (macOS, Windows: each imports Python and kg and loads the
    pipeline anew) from 256 KB."""
    from kg.parallel import start_method

    size = sum(f.stat().st_size for f in files if f.is_file())
    return (os.cpu_count() or 1) if size > (16_000 if start_method() == "fork" else 256_000) else 1


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, path_type=Path), help="Read the query from a .rq file.")
@click.option("--name", "-n", help="Run a named query (see --list).")
@click.option("--param", "-p", multiple=True, metavar="KEY=VALUE", help="Parameter of a named query, e.g. org=青禾集团.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "srj"]), default="table", show_default=True,
              help="srj: SPARQL 1.1 Query Results JSON.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--timeout", type=float, default=300.0, show_default=True,
              help="Seconds the query may run; it is stopped past them (and on Ctrl-C).")
@click.option("--allow-service", is_flag=True, help="Let the query use SERVICE (this machine then fetches URLs).")
def query(graph: Path, sparql: str | None, query_file: Path | None, name: str | None, param: tuple[str, ...],
          fmt: str, list_queries: bool, timeout: float, allow_service: bool) -> None:
    """Run SPARQL on GRAPH (a graph file, a build folder or a store folder).

    The query sees the graph as the default graph and each document's
    provenance as a named graph (GRAPH ?g); FROM and FROM NAMED choose others.
    It runs in its own process, stopped after --timeout seconds or on Ctrl-C.

    \b
    Example:
      kg query build/ --name agreements
      kg query build/ --name officials-of --param org=青禾集团
      kg query build/graph.ttl 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
      kg query build/store --name carbon-trades --format srj
    """
    from kg.query import format_rows, named_queries, prepare, run_isolated, srj_rows

    if list_queries:
        for nq in named_queries().values():
            params = f"  [params: {', '.join(nq.params)}]" if nq.params else ""
            click.echo(f"{nq.name:<16}{nq.description}{params}")
        return
    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        click.echo("error: give exactly one of a SPARQL text, -f FILE.rq or --name NAME (see kg query --help)", err=True)
        sys.exit(2)
    params = {}
    for kv in param:
        k, sep, v = kv.partition("=")
        if not sep:
            click.echo(f"error: --param {kv!r}: write it as KEY=VALUE, e.g. org=青禾集团", err=True)
            sys.exit(2)
        params[k] = v
    text = name or (query_file.read_text(encoding="utf-8") if query_file else sparql)
    try:
        kind, data = run_isolated(graph, *prepare(text, **params), timeout=timeout, allow_service=allow_service)
    except ZhkgError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("error: query: stopped (Ctrl-C)", err=True)
        sys.exit(130)
    if fmt == "srj":
        if kind != "srj":
            click.echo("error: query: SPARQL-results JSON holds SELECT and ASK results; use --format table/csv/json",
                       err=True)
            sys.exit(2)
        click.echo(data)
        return
    click.echo(format_rows(srj_rows(data) if kind == "srj" else data, fmt))


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
def validate(graph: Path) -> None:
    """Check GRAPH against the SHACL shapes; exit 0 if it conforms, 1 if not.

    \b
    Example:
      kg validate build/graph.ttl
    """
    from kg.validate import validate_graph

    try:
        conforms, text = validate_graph(graph)
    except ZhkgError as exc:
        _fail(exc)
    if conforms:
        click.echo(f"{graph}: conforms to the zhkg shapes")
        return
    click.echo(text)
    click.echo(f"{graph}: does not conform", err=True)
    sys.exit(1)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write the HTML (default: graph.html beside GRAPH; a part drawn with --focus or "
                   "--max-nodes goes to its own file, graph.focus-NAME.html or graph.top-N.html, and never over "
                   "the build's full explorer).")
@click.option("--focus", help="Draw only the neighbourhood of this entity (name or alias).")
@click.option("--depth", type=click.IntRange(0, 10), default=1, show_default=True, help="Links from --focus to include.")
@click.option("--max-nodes", type=click.IntRange(1), default=None, help="Draw at most N nodes (nearest or most connected).")
def view(graph: Path, out: Path | None, focus: str | None, depth: int, max_nodes: int | None) -> None:
    """Write the interactive HTML explorer of GRAPH.

    \b
    Example:
      kg view build/graph.ttl --out build/graph.html
      kg view build/ --focus 青禾集团 --depth 2 --out build/qinghe.html
      kg view big/graph.ttl --max-nodes 500
    """
    from kg.outputs import write_atomic
    from kg.query import load
    from kg.viz import render_html

    try:
        g = load(graph)
    except ZhkgError as exc:
        _fail(exc)
    target = out or (graph if graph.is_dir() else graph.parent) / _view_name(focus, max_nodes)
    try:
        page = render_html(g, focus=focus, depth=depth, max_nodes=max_nodes)
    except KeyError:
        click.echo(f"error: {graph}: no entity named {focus!r}; list names with `kg query {graph} --name agreements`"
                   " or search in graph.html", err=True)
        sys.exit(2)
    write_atomic(target, page.encode("utf-8"))
    click.echo(str(target))


def _view_name(focus: str | None, max_nodes: int | None) -> str:
    """The default file of ``kg view``: the full explorer, or a part's own file.

    >>> _view_name(None, None), _view_name("青禾 集团/甲", 30), _view_name(None, 500)
    ('graph.html', 'graph.focus-青禾_集团_甲.html', 'graph.top-500.html')
    """
    if focus:
        return "graph.focus-" + "".join(c if c.isalnum() or c in "-." else "_" for c in focus)[:60] + ".html"
    return f"graph.top-{max_nodes}.html" if max_nodes else "graph.html"


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "trig", "nq", "jsonld", "xml", "graphml"]), required=True)
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None,
              help="Where to write it; '-' for standard output (default: graph.EXT beside GRAPH, e.g. build/graph.nq).")
def export(graph: Path, fmt: str, out: Path | None) -> None:
    """Write GRAPH in another RDF format, or as GraphML for Gephi and Cytoscape. The quad formats (trig,
    nq, jsonld) keep each document's provenance graph.

    \b
    Example:
      kg export build/ --format nq                     # writes build/graph.nq
      kg export build/graph.trig --format jsonld --out graph.jsonld
      kg export build/graph.ttl --format graphml --out build/graph.graphml
      kg export build/store --format nq --out - | gzip > graph.nq.gz
    """
    from kg.outputs import write_atomic
    from kg.query import load
    from kg.rdf.serialize import EXTENSIONS, serialize

    if out is None:
        folder = graph if graph.is_dir() else graph.parent
        if folder.name == "store" and graph.is_dir():  # a store inside a build folder: beside the build's files
            folder = folder.parent
        out = folder / f"graph{EXTENSIONS[fmt]}"
        if out.resolve() == graph.resolve():
            click.echo(f"error: {graph}: exporting as {fmt} would write over it; give --out", err=True)
            sys.exit(2)
    try:
        g = load(graph)
    except ZhkgError as exc:
        _fail(exc)
    data = serialize(g, fmt)
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomic(out, data)
    click.echo(str(out))


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth")
@click.option("--graph", "graph_iri", default=None, help="Target graph IRI (default: the store's default graph).")
@click.option("--user", default=None, help="User name, for basic or digest authentication.")
@click.option("--password", envvar="ZHKG_PUSH_PASSWORD", default=None,
              help="Password (or set ZHKG_PUSH_PASSWORD).")
@click.option("--post", "use_post", is_flag=True, help="Add to the target graph (POST) instead of replacing it (PUT).")
def push(graph: Path, endpoint: str, graph_iri: str | None, user: str | None, password: str | None,
         use_post: bool) -> None:
    """Send GRAPH as Turtle to another triple store (SPARQL 1.1 Graph Store Protocol).

    \b
    Example:
      kg push build/ --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth \\
              --graph https://w3id.org/zhkg/graph/seeds --user dba --password dba
    """
    from kg.push import push as run_push

    try:
        res = run_push(graph, endpoint, graph_iri=graph_iri, user=user, password=password,
                       method="POST" if use_post else "PUT")
    except ZhkgError as exc:
        _fail(exc)
    click.echo(f"{res.method} {res.url}: {res.status}, {res.triples} triples ({res.bytes:,} bytes of Turtle)")


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=7878, show_default=True)
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds a query may run; past it the query is stopped and answered 503.")
@click.option("--max-rows", type=int, default=10_000, show_default=True, help="Rows a SELECT may return.")
@click.option("--workers", type=click.IntRange(1), default=None, help="Query processes (default: one per core).")
@click.option("--max-body", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="Bytes a request body or query string may have (413 past it).")
@click.option("--queue", type=click.IntRange(1), default=None,
              help="Queries that may wait for a busy worker; one more is answered 503 with Retry-After at once "
                   "(default: 8 per worker).")
@click.option("--allow-service", is_flag=True, help="Let queries use SERVICE (the server then fetches URLs).")
def serve(graph: Path, host: str, port: int, timeout: float, max_rows: int, workers: int | None, max_body: int,
          queue: int | None, allow_service: bool) -> None:
    """Answer SPARQL on GRAPH (a graph file, build folder or store) over HTTP (SPARQL 1.1 Protocol, read-only).

    \b
    Example:
      kg serve build/ --port 7878
      kg serve build/store
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/sparql
    """
    from kg.serve import EndpointConfig, make_server
    from kg.store import is_store

    folder = graph if graph.is_dir() else graph.parent
    if is_store(folder):  # a store inside a build folder: the explorer is beside it
        folder = folder.parent
    cfg = EndpointConfig(timeout=timeout, max_rows=max_rows, allow_service=allow_service,
                         explorer=folder / "graph.html", workers=workers or 0, max_body=max_body, queue=queue or 0)
    try:
        server = make_server(graph, host, port, cfg)
    except ZhkgError as exc:
        _fail(exc)
    except OSError as exc:
        click.echo(f"error: {host}:{port}: cannot listen ({exc.strerror}); choose another --port", err=True)
        sys.exit(2)
    try:  # from here on a Ctrl-C or SIGTERM, however early, closes the server and removes its temporary store
        click.echo(f"SPARQL endpoint http://{host}:{server.server_address[1]}/sparql  (explorer: /explorer; "
                   "Ctrl-C stops)")
        sys.stdout.flush()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command("eval-ner")
@click.option("--cluener", type=click.Path(exists=True, path_type=Path), help="CLUENER2020 dev.json")
@click.option("--msra", type=click.Path(exists=True, path_type=Path), help="MSRA test.txt (char TAG lines)")
@click.option("--model", type=click.Path(exists=True, path_type=Path), default=None,
              help="spaCy pipeline to measure (default: the shipped one).")
@click.option("--msra-limit", type=int, default=None, help="Only the first N MSRA sentences.")
@click.option("--float32", "float32", is_flag=True,
              help="Multiply the encoder's window layers in float32, not with the model's 8-bit layers.")
def eval_ner(cluener: Path | None, msra: Path | None, model: Path | None, msra_limit: int | None,
             float32: bool) -> None:
    """Score the entity recogniser on CLUENER2020 dev and MSRA test.

    \b
    Example:
      kg eval-ner --cluener ../shared/benchmarks/cluener2020/dev.json \\
                  --msra ../shared/benchmarks/msra/test.txt
    """
    from kg.nlp.evaluate import report

    if not cluener and not msra:
        click.echo("error: give --cluener FILE and/or --msra FILE", err=True)
        sys.exit(2)
    click.echo(report(cluener, msra, model, msra_limit, int8=not float32))


def run() -> None:
    """The ``kg`` command (``python -m kg.cli``): :func:`main`. After a build whose outputs are written,
    closed and moved into place, the process ends at once (``os._exit``) instead of freeing the pipeline,
    the lexicons and the graph object by object, which took 0.17 s after a 200-file build; any other
    command, any failure, and a run under a profiler or a tracer (coverage) end as Python ends."""
    try:
        main()
    except SystemExit as exc:
        if not _DONE_BUILD or sys.getprofile() is not None or sys.gettrace() is not None:
            raise  # a profiler or coverage writes its results on the way out
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        logging.shutdown()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: the summary is lost either way
            code = code or 1
        os._exit(code)


if __name__ == "__main__":
    run()
