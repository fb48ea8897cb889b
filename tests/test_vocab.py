from simulator import vocab


def test_move_groups_name_real_moves():
    for group, members in vocab.MOVE_GROUPS.items():
        assert group not in vocab.MOVES
        for m in members:
            assert m in vocab.MOVES


def test_every_id_has_labels_in_both_languages():
    for table, ids in (
        (vocab.PRINCIPLE_LABELS, vocab.PRINCIPLES),
        (vocab.STAGE_LABELS, vocab.STAGES),
        (vocab.ROLE_LABELS, vocab.ROLES),
        (vocab.MOVE_LABELS, vocab.MOVES),
    ):
        assert set(table) == set(ids)
        for labels in table.values():
            assert set(labels) == {"id", "en"}
            assert all(labels.values())
