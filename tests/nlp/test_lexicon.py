"""Word lists come from kg/data/, each documented."""

from __future__ import annotations

from kg.nlp.lexicon import DATA, lexicon


def test_trigger_families_come_from_the_data_file():
    families = lexicon().triggers
    assert {"sign", "carbon", "trade", "donate", "sell", "buy", "planned"} <= set(families)
    assert "买入" in families["buy"] and "碳配额" in families["carbon"]


def test_every_rule_word_list_is_documented():
    text = (DATA / "rule_words.txt").read_text(encoding="utf-8").splitlines()
    heads = [i for i, line in enumerate(text) if line.startswith("[")]
    assert set(lexicon().word_lists) == {text[i].strip("[]") for i in heads}
    assert all(text[i + 1].startswith("# ") for i in heads)  # a comment says what each list is for
    assert all(lexicon().words(text[i].strip("[]")) for i in heads)


def test_every_data_file_says_what_it_holds():
    for path in sorted(DATA.iterdir()):
        if path.suffix in (".txt", ".tsv") and path.name != "gbt2260.tsv":
            first = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()[0]
            assert first.startswith("#"), path.name


def test_alternations_put_longer_words_first():
    pattern = lexicon().pattern("build_verbs")
    assert pattern.index("开工建设") < pattern.index("建设")
