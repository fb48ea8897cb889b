from simulator import seed, vocab


def test_every_principle_role_and_stage_is_defined_in_both_languages_with_a_source():
    for table, sources, ids in (
        (seed.PRINCIPLE_DEFINITIONS, seed.PRINCIPLE_SOURCES, vocab.PRINCIPLES),
        (seed.ROLE_DEFINITIONS, seed.ROLE_SOURCES, vocab.ROLES),
        (seed.STAGE_DESCRIPTIONS, seed.STAGE_SOURCES, vocab.STAGES),
    ):
        assert set(table) == set(ids)
        for key, texts in table.items():
            assert set(texts) == {"id", "en"} and all(t.strip() for t in texts.values())
            assert sources[key] in seed.SOURCES


def test_principle_line_names_the_principle_in_the_asked_language():
    assert seed.principle_line("acceptance", "id").startswith("Penerimaan: ")
    assert seed.principle_line("acceptance", "en").startswith("Acceptance: ")
    assert "Ilmawan" in seed.source_for_principle("openness")
