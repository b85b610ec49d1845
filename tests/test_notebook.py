"""notebooks/explore.ipynb runs top to bottom with a real kernel, offline."""

from __future__ import annotations

import pytest

from .conftest import ROOT


def test_explore_notebook_runs(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "蒙盐集团" in text
    assert "袁肃" in text
    assert "carbon trades:" in text and "most connected enterprises:" in text
    html = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "text/html" in o.get("data", {})]
    assert any("<table" in h for h in html)  # DataFrames render as tables
    explorer = [h for h in html if h.startswith("<iframe srcdoc=")]
    assert explorer and "vis.Network" in explorer[0] and "中国内蒙古森林工业集团有限责任公司" in explorer[0]
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
