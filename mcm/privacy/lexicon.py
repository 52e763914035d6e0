"""The name lists (mcm/privacy/names/*.txt) and the word sets the name rules consult."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from mcm.privacy.text import fold_word

GIVEN = 1
SURNAME = 2
AMBIGUOUS = 4

_COMMUNITIES = ("albanian", "serbian", "bosniak", "turkish", "rae")


def _lines(filename: str) -> Iterator[str]:
    """The entries of one list file, comments and blank lines skipped."""
    text = resources.files("mcm.privacy").joinpath("names", filename).read_text("utf-8")
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            yield entry


def inflections(key: str) -> set[str]:
    """Loose Albanian and Serbian case forms of a folded word (over-generation is harmless)."""
    forms = {key}
    if len(key) < 3:
        return forms
    last, stem = key[-1], key[:-1]
    if last == "a":
        # Albanian Artës/Artën; Serbian Milice/Milici/Milicu/Milicom, possessive Milicin.
        forms |= {stem + s for s in ("es", "en", "e", "i", "u", "om", "o", "in", "ine", "ina")}
        if stem.endswith("k"):
            forms |= {stem[:-1] + "ci", stem[:-1] + "ce"}  # majka -> majci
    elif last == "e":
        # Albanian Valdetes/Valdeten/Vitise; Serbian Đorđa/Đorđu/Đorđem, Radeta.
        forms |= {key + "s", key + "n", key + "se", stem + "a", stem + "u", stem + "em"}
        forms |= {stem + "ja", stem + "jes", stem + "jen"}  # Fitore -> Fitorja
        forms |= {key + "ta", key + "tu", key + "tom"}
    elif last in "iu":
        # Albanian definite nouns: Krasniqit/Krasniqin, Aliut/Aliun, Vitisë/Vitia.
        forms |= {key + "t", key + "n", key + "se", key + "a", key + "s"}
    elif last == "o":
        # Serbian Marka/Marku/Markom; Albanian Markos/Markon.
        forms |= {stem + s for s in ("a", "u", "om", "e")} | {key + "s", key + "n", key + "ja"}
    else:
        # Consonant stems: Albanian Besimi/Besimit/Besimin, Burakut; Serbian Dragana/Draganu/
        # Draganom, Jovanovića/Jovanovićem, possessive Markov.
        forms |= {key + s for s in ("i", "it", "in", "u", "ut", "un", "t", "n", "a", "om", "em")}
        forms |= {key + s for s in ("e", "ev", "ov", "ova", "eva", "ovog", "ovoj", "ovu")}
        if key.endswith("ar") or key.endswith("ac"):
            # Fleeting a: Petar -> Petra, otac -> oca.
            short = key[:-2] + key[-1]
            forms |= {short + s for s in ("a", "u", "om", "e")}
    return forms


def keys_of(words: Iterable[str]) -> set[str]:
    """Folded keys of words and all their inflected forms."""
    out: set[str] = set()
    for word in words:
        out |= inflections(fold_word(word))
    return out


class Lexicon:
    """Names with their flags, plus the places and ordinary words that are never names."""

    def __init__(self) -> None:
        base: dict[str, int] = {}
        for community in _COMMUNITIES:
            for name in _lines(f"given_{community}.txt"):
                base[fold_word(name)] = base.get(fold_word(name), 0) | GIVEN
            for name in _lines(f"surnames_{community}.txt"):
                base[fold_word(name)] = base.get(fold_word(name), 0) | SURNAME
        for name in _lines("given_diminutives.txt"):
            base[fold_word(name)] = base.get(fold_word(name), 0) | GIVEN
        ambiguous = {fold_word(name) for name in _lines("ambiguous.txt")}
        for key in base:
            # Very short names (Ali, Ana, Isa, Yll) collide with too many words and initials.
            if key in ambiguous or len(key) <= 3:
                base[key] |= AMBIGUOUS
        generated: dict[str, int] = {}
        for key, flags in base.items():
            for form in inflections(key):
                if form not in base:
                    generated[form] = generated.get(form, 0) | flags
        place_words = list(_lines("places.txt"))
        stop_words = list(_lines("not_names.txt"))
        base_never = {fold_word(w) for w in place_words + stop_words}
        # Words in places.txt may be several words long ("Fushë Kosovë"): every part is a place.
        base_never |= {fold_word(part) for w in place_words for part in w.split()}
        generated_never = keys_of(place_words + stop_words) - base_never
        # Precedence: listed places/words > listed names > generated forms of places/words >
        # generated forms of names, so "Peja" is a town, "Maja" a name though "maj" is a month.
        self.names = {k: v for k, v in generated.items() if k not in generated_never}
        self.base_names = frozenset(base) - base_never
        self.names.update(base)
        self.never = base_never | (generated_never - set(base))
        for key in base_never:
            self.names.pop(key, None)
        self.places = keys_of(place_words)
        self.eponyms = frozenset(
            tuple(fold_word(part) for part in line.replace(".", "").split())
            for line in _lines("eponyms.txt")
        )

    def flags(self, key: str) -> int:
        """Name flags of a folded word (0 when it is not a known name)."""
        flags = self.names.get(key, 0)
        if flags or "-" not in key:
            return flags
        for part in key.split("-"):  # Berisha-Krasniqi
            flags |= self.names.get(part, 0)
        return flags

    def is_never_name(self, key: str) -> bool:
        """True for places and ordinary capitalised words that are never a person."""
        return key in self.never


@cache
def lexicon() -> Lexicon:
    """The shared lexicon, loaded once on first use."""
    return Lexicon()


def _words(*groups: str) -> frozenset[str]:
    """Folded keys (with case forms) of the space-separated words in groups."""
    return frozenset(keys_of(" ".join(groups).split()))


def _exact(*groups: str) -> frozenset[str]:
    """Folded keys of the space-separated words in groups, without case forms."""
    return frozenset(fold_word(w) for w in " ".join(groups).split())


# Titles before a name: Albanian, Serbian (incl. abbreviations and case forms), English.
TITLES = _exact(
    "znj zonja zonjës zonjën zonjusha z zoti zotit zotin zotëri zotërisë",
    "gospođa gospođe gospođi gospođu gospođom gospodin gospodina gospodinu gospodinom",
    "gđa gđe gđi gđu gđom gđica gđice g gosp g-đa g-din g-dja g-dina",
    "ms mr mrs miss mx dr prof sir madam",
)
# Titles this short are only titles when a full stop follows ("z. Gashi", "g. Petrović").
SHORT_TITLES = frozenset({"z", "g"})

# People in the case (victim, perpetrator, relatives): a capitalised word after one is a name.
ROLE_WORDS = _words(
    # Albanian
    "viktima viktimë dëmtuara dëmtuari mbijetuara kryerësi kryerësja kryerëse autori"
    " dhunuesi dhunuesja abuzuesi dyshuari dyshuara pandehuri pandehura"
    " bashkëshorti bashkëshortja burri gruaja partneri partnerja nëna babai ati"
    " vajza djali bija biri fëmija fëmijët fëmijëve motra vëllai vëllau gjyshja gjyshi"
    " vjehrra vjehrri kunata kunati nusja dhëndri mitura mituri klientja klienti fqinja"
    " fqinji halla xhaxhai daja tezja mbesa nipi njerku njerka ankuesja ankuesi paditësja"
    " paditësi thirrësja",
    # Serbian
    "žrtva oštećena oštećeni počinilac počinioca počinitelj nasilnik osumnjičeni osumnjičena"
    " okrivljeni okrivljena suprug supruga muž muža žena partner partnerka majka otac oca"
    " ćerka kći kćerka kćer sin dete deteta dijete deca dece sestra brat baka deda svekrva"
    " svekar snaha zet maloletnik maloletna maloletni komšija komšinica klijent klijentkinja"
    " podnositeljka prijaviteljka unuka unuk tetka ujak stric",
    # English
    "victim survivor perpetrator abuser offender suspect accused husband wife partner"
    " boyfriend girlfriend mother father daughter son child children sister brother grandmother"
    " grandfather stepfather stepmother neighbour neighbor client complainant minor girl boy"
    " woman man daughters sons sisters brothers girls boys parents",
    # Being named
    "quajtur quhet emrin emri named nickname alias nofka imenu zove zvani zvana",
)
# Words allowed between a role word and the name ("nëna e saj Drita", "her husband Besart").
CONNECTORS = _exact(
    "e i të te së se saj tij tyre her his their the njena njen njegova njegov njihova",
    "njihov joj mu s is was je është ishte me po",
)
FAMILY_WORDS = _words("familja familje family porodica fam household domaćinstvo")
# Institutions named after a person or a word ("Shkolla Naim Frashëri", "OJQ Shpresa").
INSTITUTION_WORDS = _words(
    "shkolla shkolles gjimnazi kopshti spitali qkmf amf ojq shoqata fondacioni qendra"
    " strehimorja fushata projekti programi radio tv hotel restorant kafe kompania biblioteka"
    " teatri stadiumi aeroporti xhamia kisha manastiri"
    " škola oš gimnazija vrtić bolnica dom udruženje fondacija centar kampanja projekat"
    " school kindergarten hospital ngo association foundation centre center campaign project"
    " airport stadium mosque church monastery library theatre"
)
# Verbs that take a person as subject: "Drita said", "Besa ka frikë", "Nada je rekla". After
# one of these, a sentence-initial ambiguous name (Drita, Besa, Nada) is a person.
PERSON_VERBS = _exact(
    # English
    "said says told tells stated reported called phoned asked requested refused declined"
    " declared complained claimed fears feared cried fled left returned went came arrived"
    " lives lived works worked agreed consented accepted wants wanted afraid beaten hit"
    " threatened attacked injured married moved stayed visited attended explained"
    " confirmed denied admitted signed sought filed knows hits beats threatens drinks"
    " goes comes stays sleeps",
    # Albanian
    "tha thotë deklaroi deklaron raportoi raporton kërkoi kërkon refuzoi refuzon pranoi"
    " pranon ankohet ankua thirri telefonoi jeton jetonte punon punonte erdhi shkoi iku"
    " largua kthye paraqit rreh rrah sulmua kërcënua kërcënon lëndua martua strehua dërgua"
    " frikë frikësohet qau pi mohoi pohoi konfirmoi nënshkroi shpjegoi pretendon tregoi"
    " shkon vjen flet qëndron banon fle ndjek kërcënoi ankohej",
    # Serbian
    "rekla rekao kaže izjavila izjavio prijavila prijavio pozvala pozvao tražila tražio"
    " odbila odbio prihvatila živi živela radi radila došla došao otišla otišao vratila"
    " vratio pobegla plaši boji pretio pretila tukao tuče udario napao povređena pretučena"
    " udata udala ispričala potvrdila negirala potpisala plakala ide dolazi spava ostaje",
)
# Little words between such a subject and its verb ("Besa is afraid", "Drita u rreh").
AUXILIARIES = _exact(
    "is was has had did not does e i u me ka kishte ishte nuk po je se ne bila bio su sam"
    " again also still sërish përsëri prapë edhe ponovo opet još već nije"
)
