"""Whole sessions scored by the shipped rulebooks: thin or bad interviews must not look passing.

Each session is a student's replies to a shipped scenario's client (played headless with
``casework play``), scored as ``casework score-transcript`` scores a transcript. The bad ones
are the failures RUBRIC §3.3 names (blaming after a disclosure, lecturing, advice before
listening, minimising and false reassurance) and a student who only says "mm, iya"; the
good ones are short but skilled. The bounds are those of docs/scoring.md: a thin or bad
session stays at or below 45, a short skilled one reaches 60.
"""

from __future__ import annotations

import pytest

from simulator.scoring import make_scorer
from simulator.scoring.summary import score_turns, summarize

# (client, worker) pairs; the client speaks first.
RATNA_OPEN = (
    "(melihat ke pintu sebelum duduk) Maaf, saya cuma sebentar. Mau tanya urusan pindah "
    "domisili sama SKTM."
)
LESTARI_OPEN = (
    "Good morning. Pak RT said I should come and ask here... it is only about my roof. When it "
    "rains the water comes into the kitchen."
)

BAD: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "id: blame after a disclosure, then moralising; the client leaves": (
        "id",
        [
            (
                RATNA_OPEN,
                "Selamat siang, Bu Ratna. Saya Rina dari Puskesos. Boleh Ibu ceritakan apa yang "
                "membuat Ibu ingin pindah?",
            ),
            (
                "Di sini sudah gak bisa, pokoknya. Anak-anak juga lebih baik di sana.",
                "Kedengarannya Ibu sudah memikirkan ini cukup lama.",
            ),
            (
                "(memegang kerudungnya) Sampeyan lihat, ya. Saya kira gak kelihatan.",
                "Ibu sendiri yang membuat suami jadi begitu, kalau Ibu lebih sabar pasti tidak "
                "begini.",
            ),
            (
                "Saya sudah dengar itu dari mertua saya. Ternyata di sini sama aja.",
                "Seharusnya Ibu bertahan demi anak-anak, Bu. Malu dong sama tetangga.",
            ),
        ],
    ),
    "id: only encouragers": (
        "id",
        [
            (RATNA_OPEN, "Mm."),
            ("Di sini sudah gak bisa, pokoknya. Anak-anak juga lebih baik di sana.", "Iya."),
            (
                "KK masih atas nama suami saya. Bisa gak pisah KK tanpa tanda tangan dia?",
                "Oh, begitu.",
            ),
            ("Alasannya... (diam) urusan rumah tangga. Saya cuma pengen tenang.", "Mm, iya."),
            ("(memegang kerudungnya) Sampeyan lihat, ya. Saya kira gak kelihatan.", "Terus?"),
            ("Hmm. Ya, mungkin. (tersenyum tipis)", "Iya, Bu."),
            ("Dia... gak perlu tahu dulu.", "Hmm."),
        ],
    ),
    "id: advice before listening": (
        "id",
        [
            (
                "Bantuan UEP itu masih ada? Jualan saya lagi susah pisan. Kontrakan juga harus "
                "pindah.",
                "Selamat pagi, Bu. Sebaiknya Ibu jualan online saja, sekarang semua orang beli "
                "lewat HP.",
            ),
            (
                "Kue basah. Bolu kukus, lapis, risoles. Sekarang bikin dua puluh aja gak abis.",
                "Coba deh Ibu ganti resep kuenya, mungkin rasanya kurang enak.",
            ),
            (
                "Modalnya sehari seratus ribuan.",
                "Mending Ibu cari kontrakan di kampung sebelah saja, lebih murah.",
            ),
        ],
    ),
    "id: minimising and false reassurance": (
        "id",
        [
            (
                "Lho, kok jauh-jauh ke sini. Monggo, duduk. Saya ndak apa-apa, cuma ya namanya "
                "orang tua.",
                "Selamat pagi, Mbah. Saya dari Dinas Sosial. Bagaimana kabarnya?",
            ),
            (
                "Ngapunten, saya cuma mau tanya kartu BPJS. Sudah ndak bisa dipakai. Saya mau "
                "berobat jadi sungkan.",
                "Ah, namanya juga sudah tua, Mbah, wajar sakit-sakit sedikit.",
            ),
            (
                "Nggih, nggih. Saya ngikut saja. Pokoknya kartunya bisa dipakai lagi.",
                "Jangan khawatir, Mbah, semua pasti beres.",
            ),
            (
                "Nggih, matur nuwun. (berdiri pelan-pelan, kakinya pincang)",
                "Sudah, Mbah, tidak usah dipikirkan.",
            ),
        ],
    ),
    "en: blame after a disclosure": (
        "en",
        [
            (
                "Good afternoon. I came to ask about help for my son's school fees.",
                "Good afternoon, Ibu Wulan. I'm Sari, the social worker here. What brings you in "
                "today?",
            ),
            (
                "Now my husband keeps the money. He says I waste it.",
                "It sounds like the fees have been weighing on you.",
            ),
            (
                "When he is angry... it is better not to answer. Last week was bad.",
                "Honestly, this is your own fault. You should have saved money instead of "
                "spending it.",
            ),
            (
                "It is nothing. All couples fight. Can we just do the school form?",
                "You made this mess, so you have to fix it yourself.",
            ),
        ],
    ),
    "en: only encouragers": (
        "en",
        [
            (LESTARI_OPEN, "Mm-hmm."),
            ("My late husband always repaired the roof. Now there is nobody to do it.", "Okay."),
            ("Now it is just me and the radio. The days are very long.", "I see."),
            ("Bayu, my son, lives in Jakarta. I do not tell him my little problems.", "Mm."),
            ("Only the bathroom worries me a little. The floor is very slippery.", "Go on."),
            ("There was one night last month... ah, never mind.", "Right."),
            ("I slipped in the bathroom. I could not get up until the morning.", "Uh-huh."),
        ],
    ),
    "en: lecturing": (
        "en",
        [
            (
                "Kak, I just need the weekend pass. Can you sign it or not?",
                "Hi Yoga. What do you need?",
            ),
            (
                "Grandma is alone. And... it's not great here. Whatever.",
                "You know the rules. Boys who break the rules don't get weekend passes.",
            ),
            (
                "I'm good at the bikes. Pak Ujang says so. I just skip sometimes.",
                "You should be grateful you have a place here. Stop complaining.",
            ),
            (
                "There's this older guy. He takes my money when Grandma sends it.",
                "If you behave badly again you will lose every privilege, that's how it works.",
            ),
        ],
    ),
}

GOOD: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "id: short and skilled": (
        "id",
        [
            (
                "Pagi... maaf ganggu. Saya mau daftar PKH. Warung saya sepi udah berapa bulan ini.",
                "Selamat pagi, Bu Sri. Saya Rina dari Puskesos. Silakan duduk. Bagaimana "
                "ceritanya sampai warung Ibu sepi?",
            ),
            (
                "Barang saya udah gak lengkap. Mau kulakan, modalnya gak ada. Kepake buat... "
                "yang lain.",
                "Jadi pembeli sebenarnya masih ada, tapi modal untuk kulakan terpakai. "
                "Kedengarannya Ibu bingung harus mulai dari mana.",
            ),
            (
                "Kepake bayar-bayar. Urusan bapaknya anak-anak. Saya yang nutupin.",
                "Ibu menutupi kebutuhan rumah sendirian dan itu melelahkan. Apa yang paling "
                "membuat Ibu khawatir sekarang?",
            ),
            (
                "Aduh, gak enak saya ceritanya. Jadi PKH itu syaratnya apa aja?",
                "Yang Ibu ceritakan di sini tidak saya sampaikan ke Pak RT tanpa izin Ibu, "
                "kecuali kalau ada yang membahayakan keselamatan. Apa yang ingin Ibu ceritakan?",
            ),
        ],
    ),
    "en: short and skilled": (
        "en",
        [
            (
                LESTARI_OPEN,
                "Good morning, Ibu Lestari. I'm Sari, the social worker. Please sit down. Tell "
                "me about the roof and how things are at home.",
            ),
            (
                "It is an old house. My late husband always repaired the roof before the rains. "
                "Now there is nobody to do it.",
                "So every time it rains the water comes into your kitchen, and it sounds like "
                "you have been dealing with that on your own.",
            ),
            (
                "Two years now it has been like this. The kitchen corner is the worst. I put a "
                "bucket there.",
                "You've kept the house going by yourself for a long time. What worries you most "
                "about it right now?",
            ),
        ],
    ),
}


def overall(lang: str, pairs: list[tuple[str, str]]) -> float:
    turns = []
    for client, worker in pairs:
        turns += [{"speaker": "client", "text": client}, {"speaker": "worker", "text": worker}]
    return summarize(score_turns(make_scorer(lang), lang, turns)).overall


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_thin_or_bad_session_does_not_look_passing(name: str) -> None:
    lang, pairs = BAD[name]
    assert overall(lang, pairs) <= 45


@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_short_skilled_session_still_scores_well(name: str) -> None:
    lang, pairs = GOOD[name]
    assert overall(lang, pairs) >= 60
