"""The commented skeleton ``casework new scenario`` writes, in Indonesian or English.

The skeleton is a small but real scenario: it validates (also with ``--strict``), plays, and
its walkthroughs pass with the shipped rulebooks, so an author starts from something that
works and changes it step by step. ``{id}`` and ``{file}`` are filled in.
"""

from __future__ import annotations

SKELETON_EN = """\
# yaml-language-server: $schema=scenario.schema.json
# A new Casework Simulator scenario. The format: docs/scenario-format.md
#   casework validate {file}     check it (every problem, with line and column)
#   casework graph {file}        see beats and branches (paste into a Mermaid viewer)
#   casework test {file}         run the walkthroughs at the bottom
#   casework play {file}         play it
# `casework schema > scenario.schema.json` next to this file gives your editor completion.

id: {id}                         # lowercase letters, digits, - and _; name the file after it
title: "Ibu Sari and the school fees"
lang: en                         # id | en: the language of the lines and of the scoring
difficulty: beginner             # beginner | intermediate | advanced
category: income                 # income | family | social_environment | other
minutes: 10
learning_goals:
  - "Explore the request before offering solutions."
  - "Make the plan together with the client."
author: "Your name"
version: "1.0"                   # keep the quotes
description: >
  A mother asks for help with her son's school fees. Behind the request is something she
  has not told anyone yet.

persona:
  name: Sari Wulandari
  age: 38
  gender: female                 # female | male | other
  address: [Ibu Sari, Ibu, Bu Sari]    # how the worker should address her, preferred first
  background: "Sells snacks from home in Bekasi; two children, the elder in junior high school."

intake: |                        # what the trainee reads before the interview
  Ibu Sari, 38. Came to the kelurahan social welfare desk.
  Request: help with her son's school fees (two months overdue).

presenting_problem: "Her son's school fees are two months overdue."
real_problem: "Her husband lost his job three months ago and she has not told anyone."

facts:                           # hidden facts; beats reveal them
  husband_jobless:
    text: "Her husband lost his factory job three months ago."
    core: true                   # all core facts revealed = the real problem is reached
    hint: "Revealed when the worker listens and reflects instead of advising."

risk_flags: []                   # needs_referral, risk_of_harm, domestic_violence, ...
stages: [engagement, assessment, planning]    # the stages this interview expects, in order
variables: {{pushed: 0}}           # your own counters; rapport is built in
start: opening
turn_limit: {{turns: 12, ending: out_of_time}}

beats:
  opening:
    stage: engagement
    lines:                       # variants: one is picked per visit
      - "Good morning. I came about my son's school fees... they are two months late."
      - "Excuse me. It is about the school fees for my son. We are behind."
    branches:                    # tried in order; the first whose `when` holds wins
      - when: {{any: [{{move: [judgement, blame, moralising]}}, {{delta_below: {{acceptance: -0.5}}}}]}}
        goto: guarded
        effects: {{add: {{pushed: 1}}}}
      - when: {{move: [advice, plan_proposal, referral]}}   # solutions before listening
        goto: guarded
      - when: {{move: [greeting, introduction, open_question, reflection, encourager, confidentiality_assurance]}}
        goto: story
    fallback: {{goto: story}}      # required: taken when no branch holds

  story:
    stage: assessment
    lines:
      - "The school says we must pay by Friday. Things at home are... difficult right now."
      - "I never used to be late with the fees. It is just that at home... it is hard now."
    branches:
      - when: {{move: [advice, judgement, blame, minimising]}}
        goto: guarded
      - when: {{move: [reflection, open_question, encourager, summary, paraphrase]}}
        goto: real_problem
    fallback: {{goto: hesitant}}

  hesitant:
    stage: assessment
    lines:
      - "Sorry. It is hard to talk about."
      - "I do not know where to start."
    branches:
      - when: {{move: [reflection, affirmation, open_question, encourager]}}
        goto: real_problem
    fallback: {{goto: guarded}}

  guarded:
    stage: engagement
    lines:
      - "Never mind. Maybe I should just go and manage by myself."
      - "It is fine. I will find a way. I do not want to trouble you."
    branches:
      - when: {{move: [reflection, affirmation, autonomy_support, open_question], var_below: {{pushed: 2}}}}
        goto: story
    fallback: {{end: withdrew}}

  real_problem:
    stage: assessment
    reveals: [husband_jobless]
    lines:
      - "My husband lost his job at the factory three months ago. I have not told anyone, not even my mother."
      - "The truth is, my husband has had no work for three months. Nobody knows. I am ashamed."
    branches:
      - when: {{move: [advice, judgement, blame]}}
        goto: guarded
    fallback: {{goto: planning}}

  planning:
    stage: planning
    lines:
      - "What can I do? I want my son to stay in school."
      - "I do not know what is possible. The fees, the rice, everything."
    branches:
      - when: {{move: [plan_proposal, advice_with_permission, autonomy_support, summary, open_question], real_problem_reached: true}}
        end: plan_agreed
      - when: {{move: [advice, judgement]}}
        goto: guarded
    fallback: {{goto: planning}}

endings:
  plan_agreed:
    kind: plan_agreed            # plan_agreed | referral | withdrawal | turn_limit | other
    outcome: good                # good | mixed | poor
    title: "The real problem is named and a plan is made together"
    lines:
      - "Yes, let us try that. Thank you for listening to me."
      - "All right. I feel lighter already. I will come back on Monday."
  withdrew:
    kind: withdrawal
    outcome: poor
    title: "She leaves without telling what is wrong"
    lines:
      - "I had better go. Thank you anyway."
  out_of_time:
    kind: turn_limit             # the ending `turn_limit` names must have this kind
    outcome: mixed
    title: "Time ran out before a plan was made"
    lines:
      - "I must pick up my daughter now. Maybe another day."

walkthroughs:                    # run by `casework test`
  - id: skilled
    description: "Listens first, reflects, then plans together."
    seed: 1
    steps:
      - reply: "Good morning, Ibu Sari. What brings you here today?"
        beat: story
      - reply: "It sounds like things at home have become difficult for you."
        beat: real_problem
      - reply: "That is a lot to carry on your own, Ibu."
        beat: planning
      - reply: "Shall we make a plan together? We could ask the school about a fee waiver, and you decide what comes first."
        ending: plan_agreed
    ending: plan_agreed

  - id: poor
    description: "Lectures and advises at once; she withdraws."
    seed: 2
    steps:
      - reply: "You should have paid the fees on time. You must manage your money better."
        beat: guarded
      - reply: "You should just borrow from your family."
        ending: withdrew
    ending: withdrew

  - id: hesitant
    description: "A closed question stalls her; an affirmation brings the real problem out."
    seed: 3
    steps:
      - reply: "Good morning, Ibu. How can I help?"
        beat: story
      - reply: "Is your son in junior high school?"
        beat: hesitant
      - reply: "You have done well to come here and ask for help."
        beat: real_problem
    ending: null
"""

SKELETON_ID = """\
# yaml-language-server: $schema=scenario.schema.json
# Skenario baru Casework Simulator. Formatnya: docs/scenario-format.md
#   casework validate {file}     periksa (semua masalah, dengan baris dan kolom)
#   casework graph {file}        lihat beat dan cabangnya (tempel ke penampil Mermaid)
#   casework test {file}         jalankan walkthrough di bagian bawah
#   casework play {file}         mainkan
# `casework schema > scenario.schema.json` di folder ini membuat editor bisa melengkapi kunci.

id: {id}                         # huruf kecil, angka, - dan _; beri nama file yang sama
title: "Bu Sari dan uang sekolah"
lang: id                         # id | en: bahasa kalimat klien dan penilaian
difficulty: beginner             # beginner | intermediate | advanced
category: income                 # income | family | social_environment | other
minutes: 10
learning_goals:
  - "Menggali permintaan klien sebelum menawarkan jalan keluar."
  - "Menyusun rencana bersama klien."
author: "Nama Anda"
version: "1.0"                   # biarkan tanda kutipnya
description: >
  Seorang ibu meminta bantuan uang sekolah anaknya. Di balik permintaan itu ada hal yang
  belum ia ceritakan kepada siapa pun.

persona:
  name: Sari Wulandari
  age: 38
  gender: female                 # female | male | other
  address: [Bu Sari, Ibu, Bu]    # sapaan yang dipakai pekerja sosial, yang utama dulu
  background: "Berjualan kue dari rumah di Bekasi; dua anak, yang sulung kelas 8 SMP."

intake: |                        # yang dibaca peserta sebelum wawancara
  Bu Sari, 38 tahun. Datang ke meja kesejahteraan sosial kelurahan.
  Permintaan: bantuan SPP anak sulungnya (menunggak dua bulan).

presenting_problem: "SPP anak sulungnya menunggak dua bulan."
real_problem: "Suaminya kena PHK tiga bulan lalu dan ia belum cerita kepada siapa pun."

facts:                           # fakta tersembunyi; beat yang membukanya
  suami_phk:
    text: "Suaminya kena PHK dari pabrik tiga bulan lalu."
    core: true                   # semua fakta inti terbuka = masalah sebenarnya tercapai
    hint: "Terbuka kalau pekerja sosial mendengarkan dan merefleksikan, bukan menasihati."

risk_flags: []                   # needs_referral, risk_of_harm, domestic_violence, ...
stages: [engagement, assessment, planning]    # tahapan yang diharapkan, berurutan
variables: {{didesak: 0}}          # penghitung Anda sendiri; rapport sudah tersedia
start: pembuka
turn_limit: {{turns: 12, ending: waktu_habis}}

beats:
  pembuka:
    stage: engagement
    lines:                       # variasi: satu dipilih setiap kali beat ini tampil
      - "Selamat pagi, Bu. Saya mau tanya soal SPP anak saya... sudah nunggak dua bulan."
      - "Permisi, Bu. Ini soal uang sekolah anak saya. Kami telat bayar."
    branches:                    # dicoba berurutan; yang pertama terpenuhi dipakai
      - when: {{any: [{{move: [judgement, blame, moralising]}}, {{delta_below: {{acceptance: -0.5}}}}]}}
        goto: menutup_diri
        effects: {{add: {{didesak: 1}}}}
      - when: {{move: [advice, plan_proposal, referral]}}   # solusi sebelum mendengarkan
        goto: menutup_diri
      - when: {{move: [greeting, introduction, open_question, reflection, encourager, confidentiality_assurance]}}
        goto: cerita
    fallback: {{goto: cerita}}     # wajib: dipakai kalau tidak ada cabang yang terpenuhi

  cerita:
    stage: assessment
    lines:
      - "Kata sekolah harus lunas hari Jumat. Di rumah lagi... susah, Bu."
      - "Dulu saya nggak pernah telat bayar. Cuma sekarang di rumah... lagi berat."
    branches:
      - when: {{move: [advice, judgement, blame, minimising]}}
        goto: menutup_diri
      - when: {{move: [reflection, open_question, encourager, summary, paraphrase]}}
        goto: masalah_sebenarnya
    fallback: {{goto: ragu}}

  ragu:
    stage: assessment
    lines:
      - "Maaf, Bu. Susah ngomongnya."
      - "Saya bingung mulai dari mana."
    branches:
      - when: {{move: [reflection, affirmation, open_question, encourager]}}
        goto: masalah_sebenarnya
    fallback: {{goto: menutup_diri}}

  menutup_diri:
    stage: engagement
    lines:
      - "Ya sudah, Bu. Mungkin saya pulang saja, nanti saya usahakan sendiri."
      - "Nggak apa-apa, Bu. Saya cari jalan sendiri saja. Nggak enak merepotkan."
    branches:
      - when: {{move: [reflection, affirmation, autonomy_support, open_question], var_below: {{didesak: 2}}}}
        goto: cerita
    fallback: {{end: pergi}}

  masalah_sebenarnya:
    stage: assessment
    reveals: [suami_phk]
    lines:
      - "Suami saya kena PHK dari pabrik tiga bulan lalu, Bu. Saya belum cerita ke siapa-siapa, ke ibu saya juga belum."
      - "Sebenarnya suami saya sudah tiga bulan nggak kerja. Nggak ada yang tahu. Saya malu, Bu."
    branches:
      - when: {{move: [advice, judgement, blame]}}
        goto: menutup_diri
    fallback: {{goto: perencanaan}}

  perencanaan:
    stage: planning
    lines:
      - "Terus saya harus gimana, Bu? Saya mau anak saya tetap sekolah."
      - "Saya nggak tahu apa yang bisa dilakukan. SPP, beras, semuanya."
    branches:
      - when: {{move: [plan_proposal, advice_with_permission, autonomy_support, summary, open_question], real_problem_reached: true}}
        end: rencana_disepakati
      - when: {{move: [advice, judgement]}}
        goto: menutup_diri
    fallback: {{goto: perencanaan}}

endings:
  rencana_disepakati:
    kind: plan_agreed            # plan_agreed | referral | withdrawal | turn_limit | other
    outcome: good                # good | mixed | poor
    title: "Masalah sebenarnya terungkap dan rencana disusun bersama"
    lines:
      - "Iya, Bu, kita coba begitu. Terima kasih sudah mau mendengarkan."
      - "Baik, Bu. Rasanya lebih ringan. Senin saya ke sini lagi."
  pergi:
    kind: withdrawal
    outcome: poor
    title: "Bu Sari pergi tanpa menceritakan masalahnya"
    lines:
      - "Saya permisi dulu, Bu. Terima kasih."
  waktu_habis:
    kind: turn_limit             # ending yang disebut `turn_limit` harus berjenis ini
    outcome: mixed
    title: "Waktu habis sebelum ada rencana"
    lines:
      - "Saya harus jemput anak saya dulu, Bu. Lain kali saja."

walkthroughs:                    # dijalankan oleh `casework test`
  - id: terampil
    description: "Mendengarkan dulu, merefleksikan, lalu merencanakan bersama."
    seed: 1
    steps:
      - reply: "Selamat pagi, Bu Sari. Ada yang bisa saya bantu? Silakan ceritakan."
        beat: cerita
      - reply: "Kedengarannya keadaan di rumah sedang berat buat Ibu."
        beat: masalah_sebenarnya
      - reply: "Berat sekali ya, Bu, menanggung ini sendirian."
        beat: perencanaan
      - reply: "Bagaimana kalau kita cari jalan keluarnya bersama, misalnya keringanan SPP dari sekolah? Menurut Ibu bagaimana?"
        ending: rencana_disepakati
    ending: rencana_disepakati

  - id: buruk
    description: "Langsung menceramahi dan menasihati; Bu Sari pergi."
    seed: 2
    steps:
      - reply: "Ibu harusnya bayar SPP tepat waktu. Ibu harus lebih pintar mengatur uang."
        beat: menutup_diri
      - reply: "Ibu pinjam saja ke keluarga."
        ending: pergi
    ending: pergi

  - id: ragu
    description: "Pertanyaan tertutup membuatnya ragu; afirmasi membuka masalahnya."
    seed: 3
    steps:
      - reply: "Selamat pagi, Bu. Ada yang bisa saya bantu?"
        beat: cerita
      - reply: "Anaknya sudah SMP, Bu?"
        beat: ragu
      - reply: "Ibu sudah berani datang ke sini untuk minta bantuan, itu langkah yang baik."
        beat: masalah_sebenarnya
    ending: null
"""


def skeleton(lang: str, scenario_id: str, file: str) -> str:
    """The skeleton text for ``lang`` (``id`` or ``en``) with its id and file name filled in."""
    template = SKELETON_ID if lang == "id" else SKELETON_EN
    return template.format(id=scenario_id, file=file)
