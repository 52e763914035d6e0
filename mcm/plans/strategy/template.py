"""The default national framework shipped with mcm: the Istanbul Convention's four pillars with a
few illustrative objectives. It is a TEMPLATE: replace it by importing the official strategy."""

from __future__ import annotations

from typing import Any

CODE = "TEMPLATE-IC"


def _o(level: str, code: str, parent: str, sq: str, sr: str, en: str) -> dict[str, Any]:
    return {"level": level, "code": code, "parent_code": parent, "text_sq": sq, "text_sr": sr,
            "text_en": en}  # fmt: skip


TEMPLATE: dict[str, Any] = {
    "code": CODE,
    "name_sq": "Kornizë shabllon sipas Konventës së Stambollit (për t'u zëvendësuar)",
    "name_sr": "Okvir šablona prema Istanbulskoj konvenciji (za zamenu)",
    "name_en": "Template framework after the Istanbul Convention (to be replaced)",
    "starts_year": 2022,
    "ends_year": 2026,
    "objectives": [
        _o("pillar", "1", "", "Parandalimi", "Prevencija", "Prevention"),
        _o(
            "strategic",
            "1.1",
            "1",
            "Ndryshimi i qëndrimeve shoqërore që tolerojnë dhunën",
            "Promena društvenih stavova koji tolerišu nasilje",
            "Change social attitudes that tolerate violence",
        ),
        _o(
            "specific",
            "1.1.1",
            "1.1",
            "Fushata ndërgjegjësimi në komunitet dhe shkolla",
            "Kampanje podizanja svesti u zajednici i školama",
            "Awareness campaigns in the community and schools",
        ),
        _o(
            "specific",
            "1.1.2",
            "1.1",
            "Trajnimi i profesionistëve për identifikimin e hershëm",
            "Obuka stručnjaka za rano prepoznavanje",
            "Train professionals in early identification",
        ),
        _o(
            "pillar",
            "2",
            "",
            "Mbrojtja dhe mbështetja",
            "Zaštita i podrška",
            "Protection and support",
        ),
        _o(
            "strategic",
            "2.1",
            "2",
            "Shërbime të qasshme mbështetëse për viktimat",
            "Dostupne usluge podrške za žrtve",
            "Accessible support services for victims",
        ),
        _o(
            "specific",
            "2.1.1",
            "2.1",
            "Strehim i sigurt dhe i financuar në çdo rajon",
            "Sigurno i finansirano sklonište u svakom regionu",
            "Safe, funded shelter in every region",
        ),
        _o(
            "specific",
            "2.1.2",
            "2.1",
            "Riintegrimi ekonomik dhe social i viktimave",
            "Ekonomska i socijalna reintegracija žrtava",
            "Economic and social reintegration of victims",
        ),
        _o("pillar", "3", "", "Ndjekja penale", "Krivično gonjenje", "Prosecution"),
        _o(
            "strategic",
            "3.1",
            "3",
            "Hetim dhe gjykim i shpejtë dhe i ndjeshëm",
            "Brza i osetljiva istraga i suđenje",
            "Swift and sensitive investigation and trial",
        ),
        _o(
            "specific",
            "3.1.1",
            "3.1",
            "Zbatimi i urdhrave mbrojtës brenda afateve ligjore",
            "Sprovođenje zaštitnih naloga u zakonskim rokovima",
            "Enforce protection orders within the legal deadlines",
        ),
        _o(
            "pillar",
            "4",
            "",
            "Politika të koordinuara",
            "Koordinisane politike",
            "Coordinated policies",
        ),
        _o(
            "strategic",
            "4.1",
            "4",
            "Mekanizma funksionalë koordinues në çdo komunë",
            "Funkcionalni koordinacioni mehanizmi u svakoj opštini",
            "Functioning coordination mechanisms in every municipality",
        ),
        _o(
            "specific",
            "4.1.1",
            "4.1",
            "Mbledhje të rregullta dhe plane lokale veprimi të miratuara",
            "Redovni sastanci i usvojeni lokalni akcioni planovi",
            "Regular meetings and adopted local action plans",
        ),
        _o(
            "specific",
            "4.1.2",
            "4.1",
            "Mbledhja dhe raportimi i të dhënave të përbashkëta",
            "Prikupljanje i izveštavanje zajedničkih podataka",
            "Shared data collection and reporting",
        ),
    ],
}
