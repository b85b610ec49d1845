"""spaCy imported without its command line in a process the build owns (kg.nlp.lean_spacy): the
pipeline finds the same entities, and spaCy's command line is still there for whoever reaches for it.
Each check runs in a fresh interpreter, since the import happens once a process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SENTENCE = "华东电力集团有限公司与杭州市人民政府昨日在杭州签署战略合作协议，总经理周明远出席。"


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _entities(lean: bool) -> dict:
    return _run(f"""
        import json, sys
        if {lean!r}:
            from kg.parallel import own_process
            own_process()
        from kg.nlp.pipeline import load_pipeline
        doc = load_pipeline("default")({SENTENCE!r})
        print(json.dumps({{"ents": [(e.text, e.label_) for e in doc.ents],
                          "cli_loaded": "spacy.cli" in sys.modules,
                          "requests_loaded": "requests" in sys.modules}}))
    """)


def test_a_build_process_loads_the_pipeline_without_spacys_command_line():
    lean, plain = _entities(True), _entities(False)
    assert lean["ents"] == plain["ents"] and lean["ents"]
    assert not lean["cli_loaded"] and not lean["requests_loaded"]
    assert plain["cli_loaded"]  # what the lean import leaves out, spaCy itself loads


def test_spacys_command_line_is_imported_when_reached_for():
    got = _run("""
        import json, sys
        from kg.parallel import own_process
        own_process()
        import spacy
        from spacy.language import Language
        before = "spacy.cli" in sys.modules
        download = spacy.cli.download          # attribute access imports it
        from spacy.cli.train import train      # and so does an import of a subcommand
        info = spacy.info()
        try:
            spacy.no_such_name
            missing = "no error"
        except AttributeError as exc:
            missing = str(exc)
        print(json.dumps({"before": before, "after": "spacy.cli" in sys.modules, "callable": callable(download),
                          "version": info["spacy_version"], "real": spacy.__version__, "missing": missing,
                          "loader": type(spacy.__loader__).__name__}))
    """)
    assert got["before"] is False and got["after"] is True and got["callable"] is True
    assert got["version"] == got["real"]
    assert "no_such_name" in got["missing"]
    assert got["loader"] == "SourceFileLoader"  # spaCy's own loader, not the wrapper


def test_nothing_changes_once_spacy_is_imported():
    got = _run("""
        import json, sys
        import spacy
        from kg.nlp.lean_spacy import _Finder, defer_cli
        defer_cli()
        print(json.dumps({"finders": sum(isinstance(f, _Finder) for f in sys.meta_path),
                          "cli": "spacy.cli" in sys.modules}))
    """)
    assert got == {"finders": 0, "cli": True}
