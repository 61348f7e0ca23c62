"""Short typed answers to a question the bot asked: yes/no, cancel/back/skip, "the second one", "5 stars".

Why here and not in a flow: the words of human languages live in ``nlu/`` (ARCHITECTURE.md), so adding a
language touches this file and the normalisers, never a dialogue. A flow says what it expects; this module
says whether a message is such an answer, in any of the seven languages, typed with or without
diacritics, with a doubled letter ("yesss", "taaip") or a polite word around it ("yes please", "ok, ačiū").

Everything works on the folded form (``_text.fold``: lower case, Latin diacritics removed, Cyrillic kept),
so every table below is written folded. Matching is deliberately conservative: an answer word counts
only at the start of a short message, or as the whole message; "no" in the middle of a sentence ("no
sábado") is not a refusal, and "stop" in "stop sending me offers about cakes" is not a cancel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import Final, Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from domain.search.stopwords import CAP_AFTER_WORDS, PRICE_CAP_WORDS, STOP_WORDS
from domain.search.translit import to_cyrillic
from nlu.normalise._text import fold, words_of
from nlu.normalise.categories import find_category
from nlu.normalise.money import extract_price
from nlu.normalise.numbers import extract_quantity, number_words_for, quantity_unit
from nlu.normalise.offer_text import POSTING_NOUNS, UNIT_WORDS
from nlu.normalise.places import find_city, find_countries
from nlu.normalise.vocab import MONTH_UNITS, TIME_UNITS, WEEKDAYS, WEEKDAYS_NEED_CONTEXT, month_of, word_set

Control = Literal["cancel", "back", "skip"]
YesNo = Literal["yes", "no"]

# A typed answer is short: longer messages are something else (a new request, a message to relay).
ANSWER_MAX_WORDS: Final = 8
# "and" after a yes word adds something when this many words follow it ("aha i chcemy tez sklep internetowy").
AND_WORDS = frozenset({"and", "also", "plus", "ir", "un", "i", "oraz", "e", "и", "а", "tambem", "anche", "pat"})
ADDING_MIN_WORDS: Final = 3
CONTROL_MAX_WORDS: Final = 4
CHOICE_MAX_WORDS: Final = 5
TYPO_MIN_LETTERS: Final = 6  # one wrong letter is forgiven in words this long


# Words that carry no answer of their own: greetings, politeness, hesitation, "the", "it" (folded).
FILLER = word_set(
    "please pls plz thanks thank thx you ty well hmm hm uh um oh ah so then just it this that the a an actually "
    "aciu dekui prasau prasom nu na tai "
    "paldies ludzu nu "
    "prosze dzieki dziekuje dziekujemy cos "
    "favore grazie allora beh be ecco pure "
    "favor obrigado obrigada entao pois e "
    "пожалуйста спасибо ну так вот это хм хмм ммм эм эх ой "
    "hmmm mm mmm eh"
)


def _phrases(spec: str) -> tuple[tuple[str, ...], ...]:
    """ "a b; c; d e f" → (("a","b"), ("c",), ("d","e","f")), longest first so "not yet" wins over "not".

    Filler words are left out of a phrase, as they are left out of the message it is matched against
    ("forget it" is matched as "forget"). A phrase written "=non so" is kept whole: without its filler it would
    be another table's word (the Italian "I don't know" is no "non", a no), and :func:`_only` matches it with
    its own filler words in place."""
    # Tables may be typed with diacritics; matching is on folded words. Folded phrase by phrase: fold() reads at
    # most a message's length, and a whole table is longer (the end of RELAY_PHRASES was lost).
    found: set[tuple[str, ...]] = set()
    for phrase in spec.split(";"):
        whole = phrase.strip().startswith("=")
        words = fold(phrase.strip().removeprefix("=")).replace("'", " ").split()
        if words:
            found.add(tuple(words) if whole else tuple(w for w in words if w not in FILLER) or tuple(words))
    return tuple(sorted(found, key=lambda p: -len(p)))


YES_PHRASES = _phrases(
    # en
    "yes; yeah; yea; yep; yup; ye; y; ok; okay; okey; okie; k; kk; sure; of course; course; definitely; correct; "
    "ya; yah; ofc; thats correct; correct go on; right; go ahead; go on; just do it; send; publish; publish it; "
    "delete; delete it; yes delete; send it; "
    "confirm; confirmed; i confirm; agree; i agree; agreed; "
    "absolutely; "
    "please do; fine; alright; all right; sounds good; good; great; perfect; indeed; affirmative; yes please; "
    "exactly; certainly; done; it is done; its done; finished; sure thing; why not; yes it is; deal; "
    # lt
    "taip; jo; aha; ja; gerai; tinka; zinoma; be abejo; teisingai; sutinku; siusk; siuskite; siusti; patvirtinu; "
    "patvirtinti; galima; puiku; okei; aisku; tikrai; nu taip; zinoma kad taip; tegul; pirmyn; "
    "padaryta; baigta; baigiau; atlikta; "
    # lv
    "jaa; ja; protams; labi; der; pareizi; piekritu; apstiprinu; apstiprinat; suti; sutit; nosuti; nosutit; "
    "skaidrs; noteikti; var; ja gan; aha; jep; davai; izdarits; gatavs; pabeigts; "
    # pl
    "ta; tak; zgadza sie; jasne; pewnie; oczywiscie; dobrze; okej; zgoda; zgadzam sie; potwierdzam; wyslij; wysylaj; "
    "no tak; "
    "no pewnie; no jasne; no dobrze; no dobra; dobra; tak jest; dokladnie; super; moze byc; spoko; git; "
    "jak najbardziej; na pewno; zrobione; gotowe; skonczone; "
    # it
    "si; certo; certamente; va bene; vabbene; vabbe; d accordo; daccordo; esatto; giusto; confermo; conferma; "
    "invia; inviala; invialo; manda; mandala; mandalo; procedi; perfetto; assolutamente si; volentieri; ovvio; "
    "sicuro; come no; fatto; finito; ok va bene; "
    # pt
    "sim; claro; com certeza; certo; pode; pode ser; podes; envia; enviar; pode enviar; confirmo; confirmar; "
    "exato; exatamente; isso; isso mesmo; perfeito; esta bem; ta bem; ta; beleza; bora; vamos; concordo; "
    "sem duvida; obviamente; feito; acabei; terminado; esta feito; "
    "jop; jo jo; oki; okay; butinai; varom; skelbk; skelbkite; trink; trinkit; trinkite; kodel gi ne; kodel ne; "
    "aiziet; uz priekšu; uz prieksu; darits; publice; publicet; dzes; dzesiet; dzest; kapec ne; "
    "pewka; wyslijcie; smialo; publikuj; opublikuj; prosze opublikowac; usun; usuncie; czemu nie; jasne ze tak; "
    "sisi; si si; assolutamente; senz altro; pubblica; pubblicala; mandatela; mandatela pure; procedete; "
    "procedete pure; perche no; "
    "envie; envia la; siga; forca; positivo; publica; publicar; apaguem; apague; apaga; por que nao; porque nao; "
    # ru
    "да; ага; угу; конечно; ок; окей; хорошо; ладно; давай; давайте; верно; правильно; точно; согласен; "
    "согласна; подтверждаю; отправляй; отправляйте; отправь; отправить; разумеется; именно; да конечно; "
    "канешно; конешно; естественно; без проблем; выполнено; публикуй; опубликуй; удаляй; удалите; удали; "
    "да да; почему бы и нет; го; готово; сделано; сделал; сделала; da; konechno; khorosho; horosho"
)
NO_PHRASES = _phrases(
    # en
    "no; nope; nah; n; not; not now; not yet; dont; do not; don t; negative; never; no thanks; no thank you; "
    "not really; i dont think so; rather not; "
    # lt
    "ne; nea; nereikia; dar ne; nenoriu; netinka; jokiu budu; ne aciu; nesiusk; nesiuskite; nebutina; dar nebaigiau; "
    # lv
    "ne; nee; nav; nevajag; vel ne; nekada gadijuma; paldies ne; nesuti; negribu; "
    # pl
    "nie; niee; nie teraz; jeszcze nie; nie dziekuje; nie wysylaj; nigdy; absolutnie nie; nie trzeba; nie chce; "
    # it
    "no; non; nn; non ancora; no grazie; non ora; non serve; no no; macche; assolutamente no; non inviare; "
    "non ancora finito; "
    # pt
    "nao; ainda nao; nao obrigado; nao obrigada; nem pensar; negativo; agora nao; nao envies; nao enviar; "
    "nao quero; "
    # ru
    "вряд ли; конечно нет; точно нет; "
    "tikrai ne; noteikti ne; na pewno nie; certo che no; claro que nao; of course not; "
    "neanche per sogno; per niente; w zadnym wypadku; de maneira nenhuma; de modo nenhum; jokiu budu ne; "
    "нет; неа; не; еще нет; пока нет; не надо; не нужно; нет спасибо; ни в коем случае; не отправляй; "
    "не сейчас; net; nyet"
)
# Control words: the whole message (less filler), or its first word in a message of at most four words.
CANCEL_PHRASES = _phrases(
    "cancel; cancel it; cancel that; stop; abort; quit; exit; forget it; forget about it; never mind; nevermind; "
    "nvm; leave it; enough; "
    "para; baik; baikim; pamirsk nieko nebereikia; aizmirsti nekas vairs nav vajadzigs; deixa pra la; pietiek; "
    "fa niente; anular; anula; pare tudo; para tudo; vse ne nado; все не надо; "
    "forget; atsaukti; atsauk; atsaukiu; atsaukite; atsaukit; nutraukti; nutrauk; pamirsk; pamirskite; nebereikia; "
    "stok; "
    "atcelt; atcel; atceliet; atcelt to; partraukt; partrauc; aizmirsti; beigt; nevajag vairs; "
    "annullate; annulliamo; cancelem; cancelamos; atsaukiam; atcelam; stopp; "
    "anuluj; anulowac; anuluje; przerwij; zrezygnuj; rezygnuje; zapomnij; zapomnij o tym; daj spokoj; "
    "annulla; annullare; annulla tutto; basta; lascia perdere; lascia stare; interrompi; esci; fermati; ferma; "
    "cancelar; cancela; cancele; cancela tudo; parar; pare; esquece; esquece isso; deixa; deixa estar; "
    "deixa para la; desisto; sair; "
    "отмена; отменить; отмени; отмените; отменяй; отменяйте; стоп; хватит; забудь; забей; выход; прекрати; "
    "прекратить; otmena; stop it"
)
BACK_PHRASES = _phrases(
    "back; go back; previous; return; "
    "atgal; grizti; grizk; eiti atgal; "
    "atpakal; iet atpakal; atgriezties; "
    "wroc; cofnij; powrot; wstecz; "
    "indietro; torna indietro; torna; "
    "voltar; volta; volta atras; previous question; domanda precedente; torna alla domanda precedente; voltar atras; "
    "atras; para tras; anterior; passo anterior; "
    "ankstesnis; ankstesni; i ankstesni klausima; grizkim; iepriekšējā; iepriekšējais; "
    "iepriekšējo; uz iepriekšējo jautājumu; iepriekseju; poprzednie; poprzednie pytanie; do poprzedniego; "
    "precedente; tornare; torniamo indietro; pergunta anterior; "
    "предыдущий; к предыдущему; к предыдущему вопросу; "
    "назад; вернись; вернуться; обратно; nazad"
)
SKIP_PHRASES = _phrases(
    "пас; skip; skip it; next; next question; pass; all good; boh; nwm; хз; sei la; quando der; "
    "nient altro; viss; нечего; "
    "kitas; praleiskim; neturiu ka pridurti; viskas; dar nezinau; neskubu; "
    "nakamais; nakosais; neka vairak; vel nezinu; "
    "przeskocz; nie mam nic do dodania; bez pospiechu; "
    "prossima; prossimo; "
    "pular; mais nada; sem pressa; quando puderem; "
    "скип; следующий; следующее; нечего добавить; пока не знаю; "
    " no matter; doesnt matter; does not matter; whatever; dont know; i dont know; dunno; "
    "nothing; none; no deadline; any time; anytime; whenever; nothing to add; no date; nothing else; thats all; "
    "nothing more; ничего больше; больше ничего; niente di piu; nieko daugiau nereikia; "
    # "no message" at "Anything to add?" (session 17: "be zinutes" reached the school as the message)
    "no message; without a message; be zinutes; be zinuciu; bez zinas; bez wiadomosci; senza messaggio; "
    "sem mensagem; без сообщения; bez soobshcheniya; "
    # "more" under a result list presses ▶ (its button means skip): "mais", "daugiau", "ещё"
    "more; more results; show more; daugiau; rodyk daugiau; vairak; paradi vairak; wiecej; pokaz wiecej; "
    "altri; altri risultati; mostra altri; mais; mostra mais; mais resultados; ещё; еще; покажи ещё; покажи еще; "
    "no rush; no hurry; "
    "nieko daugiau; be termino; nesvarbu kada; tiek; "
    "neko; nekas vairs; neko vairak; bez termina; tas viss; "
    "nic wiecej; bez terminu; to wszystko; "
    "nulla da aggiungere; niente da aggiungere; niente altro; senza scadenza; nessuna scadenza; e tutto; "
    "nada mais; nada a acrescentar; sem data; seguinte; e tudo; "
    "ничего больше; больше ничего; это все; не срочно; "
    "praleisti; praleisk; praleidziam; toliau; nesvarbu; nezinau; nieko; nieko nereikia; bet kada; nera; "
    "izlaist; izlaid; talak; nav svarigi; nezinu; nekas; jebkad; vienalga; nekas nav jaapzina; "
    "pomin; pominac; dalej; nastepne; niewazne; nie wiem; nic; obojetnie; kiedykolwiek; bez znaczenia; "
    "salta; saltare; avanti; prossimo; passo; non importa; =non so; niente; nulla; fa lo stesso; indifferente; "
    "quando volete; "
    "saltar; passar; passa; proximo; tanto faz; nao sei; nada; nenhum; quando quiserem; sem prazo; "
    "пропустить; пропусти; пропускаю; дальше; далее; неважно; не важно; не знаю; ничего; все равно; "
    "без разницы; когда угодно; без срока"
)
YES_EMOJI: Final = frozenset("👍👌✅✔☑🆗🙆")
NO_EMOJI: Final = frozenset("👎❌✖🙅⛔")

# What a cancel applies to: "cancel the enquiry", "atšaukit viską", "отмените всё", "annulla tutto".
CONTROL_OBJECTS = word_set(
    "all everything enquiry request order it that this the whole thing "
    "viska visa viskas uzklausa uzsakyma tai "
    "visu visas pieprasijumu pasutijumu to "
    "wszystko zapytanie zamowienie to "
    "tutto tutta la il richiesta ordine "
    "tudo o a pedido encomenda isso "
    "все всё запрос заказ это "
    "step question al alla to a o do na uz i к на шаг вопрос шагу вопросу klausima zingsni soli jautajumu soli "
    "krok pytanie passo domanda pergunta etapa lista list sarasa sarasas saraksts sarakstu listy liste списку список"
)

# Ordinals, folded, with the inflections a pick takes ("antrą", "pierwszą", "вторую", "o primeiro").
_ORDINALS: dict[int, str] = {
    1: "first 1st pirmas pirma pirmasis pirmaji pirmoji pirmo pirmais pirmo pirmaja pierwszy pierwsza pierwsze "
    "pierwszego pierwszej primo prima primeiro primeira первый первую первое первого первой первым первая "
    "pirmam pirmajam pirmajai pierwszemu pierwszym первому первом primero primeir primiero pirmos",
    2: "second 2nd antras antra antrasis antraji antroji antro otrais otro otra otraja drugi druga drugie drugiego "
    "drugiej secondo seconda segundo segunda второй вторую второе второго вторая вторым "
    "antram antrajam antrajai otrajam otrajai drugiemu drugim второму втором antros",
    3: "third 3rd trecias trecia treciasis treciaji treciaja trecio tresais treso tresa tresaja trzeci trzecia "
    "trzecie trzeciego trzeciej terzo terza terceiro terceira третий третью третье третьего третья "
    "treciam treciajam tresajam trzeciemu trzecim третьему третьем trecios",
    4: "fourth 4th ketvirtas ketvirta ketvirtaji ketvirto ceturtais ceturto ceturta czwarty czwarta czwarte "
    "czwartego quarto quarta четвертый четвертую четвертое четвертого четвертая",
    5: "fifth 5th penktas penkta penktaji penkto piektais piekto piekta piaty piata piate piatego quinto quinta "
    "пятый пятую пятое пятого пятая",
    6: "sixth 6th sestas sesta sestais sesto szosty szosta sesto sesta sexto шестой шестую шестое",
    7: "seventh 7th septintas septinta septitais siodmy siodma settimo setimo седьмой седьмую",
    8: "eighth 8th astuntas astunta astotais osmy osma ottavo oitavo восьмой восьмую",
    9: "ninth 9th devintas devinta devitais dziewiaty dziewiata nono nona девятый девятую",
    10: "tenth 10th desimtas desimta desmitais dziesiaty dziesiata decimo десятый десятую",
}
ORDINALS: Final[dict[str, int]] = {form: n for n, forms in _ORDINALS.items() for form in forms.split()}
LAST = word_set(
    "last paskutinis paskutini paskutine paskutiniji paskutinio pedejais pedejo pedeja ostatni ostatnia ostatnie "
    "ostatniego ultimo ultima последний последнюю последнее последнего последняя"
)
# "this one", "that", "šitą", "tą", "ten", "questo", "este", "этот": the one just shown or looked at.
THIS = word_set(
    "this that sita sitas ta tas sis so to sito ten ta te tego questo questa quello quella este esta esse essa "
    "isto isso этот эту это этого тот ту"
)
# "number 3", "nr. 3", "#3", "№ 3", "option 3"
NUMBER_MARKERS = word_set("number no nr numeris numeri numurs numur numer numero numerio номер nomer вариант option "
                          "opcija variantas variants opcja opzione opcao пункт")  # fmt: skip
# An article before an item's number: "vorrei chiedere al 1", "quero o 2", "the 3 looks good".
ITEM_ARTICLES = word_set("al il the")
# "everyone", "all of them", "both": a pick of every item shown (students for a task).
ALL = word_set(
    "all everyone everybody both visi visiems visus abu abiem abi visiem abiem abus wszyscy wszystkim wszystkich "
    "obaj obu oboje obie tutti tutte entrambi entrambe todos todas ambos ambas все всем всех оба обе обоим "
    "dois duas tutti e due tutte e due vse vsem vseh vsekh oba visas visa wszystkie wszystko"
)
THANK_EMOJI: Final = frozenset("🙏❤♥💙💚💛🧡💜🤍😊🥰😍🤗")


THANK_WORDS: Final = word_set(
    "thanks thank thx ty aciu dekui dekoju paldies dziekuje dzieki dziekujemy grazie obrigado obrigada "
    "спасибо благодарю spasibo"
)
THANKS_MAX_WORDS: Final = 6  # "ok grazie lo stesso", "ok, thanks anyway": thanks and little else


def says_thanks(text: str) -> bool:
    """ "ok grazie lo stesso", "obrigado mesmo assim": a short thanks (after "nothing found" it got "Which one?")."""
    words = _words(text)
    return 0 < len(words) <= THANKS_MAX_WORDS and any(w in THANK_WORDS for w in words)


# Adding a picture in words: "aggiungo una foto", "dodaj zdjęcie", "pridėsiu nuotrauką", "add a photo" (folded stems of
# the picture word, with an adding verb or alone in a short message).
PHOTO_STEMS: Final = ("photo", "picture", "pic", "image", "nuotrauk", "foto", "fotk", "bild", "zdjec", "zdjęc",
                      "immagin", "imagen", "imagem", "imagens", "фото", "фотк", "картинк", "kartink",
                      "снимок")  # fmt: skip
ADDING_STEMS: Final = ("add", "upload", "attach", "send", "pride", "ikel", "pievien", "dodaj", "dodam",
                       "wysl", "wgra", "aggiung", "allego", "mando", "carico", "adicion", "envi", "anex", "junt",
                       "добав", "пришл", "отправ", "загруж", "прикреп")  # fmt: skip
PHOTO_MAX_WORDS: Final = 6


def adds_photo(text: str) -> bool:
    """ "aggiungo una foto", "dodaj zdjęcie", "add a photo": a picture is coming (at an offer draft it changed the
    category to photography)."""
    words = _words(text)
    return 0 < len(words) <= PHOTO_MAX_WORDS and has_stem(text, PHOTO_STEMS) and has_stem(text, ADDING_STEMS)


# Verifying in words: "patvirtink Klaipėdos mokyklą", "verify 2 and 4", "apstiprini otro", "zweryfikuj 1 i 3".
def verify_words(text: str) -> bool:
    return has_stem(text, (*VERIFY_VERB_STEMS, "verif", "weryfik", "верифи", "podtverd"))


# Saying not to verify, or to take a verification back: "don't verify … yet", "kol kas ne", "undo it, unverify …".
NOT_VERIFYING_PHRASES = _phrases(
    "dont; don t; do not; not yet; undo; unverify; not now; later; kol kas ne; dar ne; ne dabar; nepatvirtink; "
    "vel ne; ne tagad; neapstiprini; jeszcze nie; nie teraz; nie zatwierdzaj; non ancora; non verificare; non ora; "
    "ainda nao; nao verifiques; agora nao; пока не; не подтверждай; не сейчас; отмени; poka ne; ne podtverzhdaj"
)


def negates_verifying(text: str) -> bool:
    return _says(_words(text), NOT_VERIFYING_PHRASES)


def numbers_said(text: str) -> list[int]:
    """Every list number in a short message ("2 ir 4", "1, 3 and 5"): digits, in order, each once; not the "3" of
    "3D" ("keep the 3D printing offer" verified organisation #3)."""
    found = [int(n) for n in re.findall(r"(?<![\d.,\w])(\d{1,2})(?![\d.,]\d)(?!\w)", text)]
    return list(dict.fromkeys(found))


# Whether using the bot costs anything: "is it free?", "ar tai nemokama?", "это бесплатно?" (the most common first
# question got "OK." or a search).
FREE_PHRASES = _phrases(
    "is it free; is this free; is it for free; free of charge; do i have to pay; do we have to pay; does it cost; "
    "how much does it cost to use; ar tai nemokama; ar nemokama; ar tai kainuoja; ar reikia moketi; "
    "vai tas ir bez maksas; vai bez maksas; vai tas maksa; vai jamaksa; vai ir jamaksa; "
    "czy to jest darmowe; czy to darmowe; czy jest darmowe; czy trzeba placic; czy to kosztuje; "
    "e gratis; e gratuito; costa qualcosa; bisogna pagare; si paga; "
    "e gratis; e gratuito; tem custo; e pago; preciso pagar; temos de pagar; "
    "это бесплатно; бесплатно ли; нужно платить; надо платить; это платно; eto besplatno; nado platit"
)
FREE_MAX_WORDS: Final = 8


def asks_if_free(text: str) -> bool:
    words = _words(text)
    about_delivery = has_stem(text, ("deliver", "shipping", "pristat", "piegad", "dostaw", "consegn", "entreg",
                                     "доставк", "dostavk"))  # fmt: skip  # "is it free delivery?" asks of an offer
    return 0 < len(words) <= FREE_MAX_WORDS and _says(_meaningful(words), FREE_PHRASES) and not about_delivery


def names_a_time_span(text: str) -> bool:
    """ "3 dienos", "2 weeks", "5 дней": a number of days, weeks or months (no price, no quantity)."""
    return any(w in TIME_UNITS for w in _words(text))


def students_changed(text: str) -> str | None:
    """ "pašalinti mokinį", "remove a student" → "remove"; "pridėti mokinį", "add students" → "add": who does a task,
    said at the task's card without naming the task (it began an offer draft); None otherwise."""
    words = _words(text)
    if (
        not words
        or len(words) > STUDENTS_CHANGE_MAX_WORDS
        or not any(w.startswith(TASK_TO_LEARNERS_STEMS) for w in words)
    ):
        return None
    if any(w in TASK_VERBS["delete"] for w in words):
        return "remove"
    if any(w in TASK_VERBS["add"] for w in words) or has_stem(text, ("pride", "pievieno", "dodaj", "aggiung")):
        return "add"
    return None


STUDENTS_CHANGE_MAX_WORDS: Final = 5


def emoji_thanks(text: str) -> bool:
    """ "🙏", "❤️", "😊": thanks without words (a heart got "OK.")."""
    stripped = text.strip()
    return bool(stripped) and all(c in THANK_EMOJI or c.isspace() or c == "\ufe0f" for c in stripped)


def says_nothing(text: str) -> bool:
    """A message with nothing to act on when no question is open: no letter or digit ("🤔", "...", "😀😀"), or only
    "all" ("wszyscy", "visi": a pick with nothing to pick from, read as a goodbye). A yes or no emoji says yes or
    no, a thanks emoji thanks, "?" asks for help: those are not this."""
    stripped = text.strip()
    if not stripped or _emoji_answer(text) is not None or emoji_thanks(text) or set(stripped) <= {"?", " "}:
        return False
    if not any(c.isalnum() for c in stripped):
        return True
    words = _words(text)
    return bool(words) and all(w in ALL for w in words) and len(words) <= 2


# Acknowledging a task without saying it is done ("got it", "supratau", "понял").
ACKNOWLEDGE_PHRASES = _phrases(
    "got it; gotcha; understood; ok got it; will do; on it; roger; noted; i see; "
    "supratau; supratom; aisku; gerai supratau; priimta; gavau; gavau uzduoti; ok gavau; "
    "sapratu; sapratam; skaidrs; pienemts; sanemu; sanemts; "
    "rozumiem; zrozumialem; zrozumialam; przyjete; jasne; dostalem; dostalam; ok dostalem; ok dostalam; "
    "dostalem zaczynam; dostalam zaczynam; "
    "capito; ricevuto; ho capito; va bene capito; "
    "percebi; percebido; entendi; entendido; recebido; ok percebi; "
    "понял; поняла; понятно; принято; ясно; хорошо понял; получил; получила; ponyal; ponyala; ponial; ponila; "
    "ponjal; ponjala; ponyatno; prinyato; poluchil; poluchila"
)
# Asking to hear the last message read aloud ("read it to me", "perskaityk man", "прочитай").
LISTEN_PHRASES = _phrases(
    "listen; read it to me; read to me; read it aloud; read aloud; read it out; read it; say it; i want to listen; "
    "klausyti; paklausyti; noriu klausyti; perskaityk; perskaityk man; perskaitykite; skaityk; skaityk garsiai; "
    "garsiai; pasakyk; "
    "klausities; noklausities; nolasi; nolasi man; nolasiet; lasi skali; skali; "
    "sluchaj; posluchac; odsluchaj; przeczytaj; przeczytaj mi; czytaj; czytaj na glos; na glos; "
    "ascolta; ascoltare; leggi; leggimelo; leggilo; leggimi; leggi ad alta voce; ad alta voce; "
    "ouvir; escutar; ler; le para mim; leia; leia para mim; ler em voz alta; em voz alta; quero ouvir; "
    "слушать; послушать; прослушать; прочитай; прочитай мне; прочти; прочтите; прочитайте; озвучь; читай вслух; "
    "вслух"
)
LISTEN_MAX_WORDS: Final = 6
LISTEN_EXTRA_WORDS: Final = 2
STAR_WORDS = word_set(
    "star stars zvaigzdute zvaigzdutes zvaigzduciu zvaigzde zvaigzdes zvaigzdziu zvaigzne zvaigznes zvaigznu "
    "gwiazdka gwiazdki gwiazdek gwiazdke gwiazda gwiazdy stella stelle stelline estrela estrelas "
    "звезда звезды звезд звездочки звездочек баллов балла балл"
)
STAR_CHARS: Final = frozenset("⭐★🌟")
# "cheaper", "pigiau", "tańsze", "дешевле": asks for something cheaper than what was shown (stems, folded).
CHEAPER_STEMS: Final = ("cheap", "pigi", "pigesn", "pigiau", "letak", "letaks", "letak", "tani", "tansz", "economic",
                        "barat", "дешев", "подешев", "deshev", "podeshev", "менее дорог", "menos car", "meno car",
                        "mais barat")  # fmt: skip
# "the cheapest one", "pigiausią", "najtańszy", "il più economico", "o mais barato", "самый дешёвый": one of the
# results, picked by its price (stems, folded; "cheaper" alone narrows the results instead).
CHEAPEST_STEMS: Final = ("cheapest", "lowest price", "pigiaus", "letakais", "letako", "letakaj", "letaka", "najtansz",
                         "najnizsz", "il piu economic", "la piu economic", "quello piu economic", "quella piu economic",
                         "il meno car", "la meno car", "piu basso prezzo", "o mais barat", "a mais barat",
                         "самый дешев", "самое дешев", "самую дешев", "самого дешев", "samyj deshev", "samyi deshev",
                         "samoe deshev", "беру дешев", "возьму дешев", "beru deshev", "vozmu deshev")  # fmt: skip
# Accepting an enquiry or order, as a teacher would type it ("priimu užsakymą", "we accept the order").
ACCEPT_STEMS: Final = ("accept", "priim", "priem", "pienem", "akcept", "przyjm", "przyjmuj", "accett", "acceit",
                       "aceit", "принима", "приня", "берем", "беру", "возьмем", "ok we take", "we take", "we ll take",
                       "well take", "we will take",
                       "prendiamo", "aceitamos", "bierzemy", "imam", "imsim", "nemsim", "nemam",
                       "prinima", "prinya", "prinja", "vozmem")  # fmt: skip  # the last: Russian in Latin letters
# A decision not yet taken: a condition, a question, "could", "we'll tell you tomorrow" (folded words). "Mēs varētu
# pieņemt, ja termiņš būtu 15. marts. Der?", "Могли бы принять, если срок 25 мая", "rytoj pasakysim ar priimam"
# accepted the enquiry and moved its date. Latvian "ja" (if, and yes without its accent) is not here.
HEDGE_WORDS: Final = word_set(
    "if whether unless could would maybe perhaps might "
    "jei jeigu nebent galbut galetume galetumem galetumete pasakysim pranesim pranesime nuspresim nuspresime "
    "pagalvosim pasitarsim pasitarsime "
    "varetu varetum butu pienemtu varbut pateiksim pazinosim izlemsim padomasim "
    "jesli jezeli gdyby czy moze moglibysmy damy zdecydujemy pomyslimy "
    "se qualora forse magari potremmo potrebbe decideremo penseremo faremo "
    "caso talvez poderiamos podiamos poderia diremos decidiremos "
    "если ли бы может возможно наверное скажем сообщим решим подумаем посоветуемся"
)
HEDGE_ENDINGS: Final = ("tume", "tumete", "tumet", "bysmy", "remmo", "riamos")  # lt, pl, it, pt conditional


# A condition after the decision: "accettiamo, ma solo se confermate il menu entro venerdì", "priimu, bet kaina bus 4
# eur", "przyjmuję, ale tylko 150 szt." — a counter-offer the customer has not agreed to (it accepted, and moved the
# order's date to the one in the condition).
CONDITION_WORDS: Final = word_set("but only if unless ma pero solo se bet tik jei jeigu ale tylko jesli jezeli mas "
                                  "porem apenas caso но только если однако")  # fmt: skip


def accepts_on_condition(text: str) -> bool:
    """An acceptance followed by a condition or a change of terms (see CONDITION_WORDS)."""
    words = _words(text)
    at = next((i for i, w in enumerate(words) if any(s in w for s in ACCEPT_STEMS)), None)
    return at is not None and any(w in CONDITION_WORDS for w in words[at + 1 :])


def hedged(text: str) -> bool:
    """ "We could accept if…", "rytoj pasakysim ar priimam": words that make a decision a proposal or a promise."""
    return any(w in HEDGE_WORDS or w.endswith(HEDGE_ENDINGS) for w in _words(text))


DECLINE_STEMS: Final = ("decline", "reject", "atmet", "atmes", "atsisak", "noraid", "atteik", "odrzuc", "odmaw",
                        "odmow", "rifiut", "declin", "recus", "rejeit", "отклон", "отказ", "otklon",
                        "otkaz")  # fmt: skip
COMPLETE_STEMS: Final = ("complete", "finished", "is ready", "all done", "baig", "atlikt", "ivykdyt", "paruost",
                         "pabeig", "gatav", "izpildit", "zakoncz", "ukoncz", "gotow", "zrealizow", "complet",
                         "finit", "terminat", "pronto", "pronta", "conclu", "terminad", "terminou", "заверш",
                         "выполн", "готов", "законч",
                         # handed over: "perdavėme", "nodevām", "przekazaliśmy", "consegnato", "entregue", "передали"
                         # (it reached the company as a message; the order stayed open)
                         "handed over", "delivered", "perdav", "atidav", "nodev", "przekazal", "przekazan",
                         "consegnat", "entregue", "передал", "передан", "отдали", "вручил", "доставлен",
                         # "order 1 is done", "zrobione, można zamknąć zamówienie" (session 16: a chat message)
                         "is done", "are done", "zrobion", "uzbaik", "uzbaig", "zamknac zamowien", "zamknij zamowien",
                         "close the order", "close order", "chiudi l ordine", "fecha a encomenda", "закрой заказ",
                         "закрыть заказ", "uzdaryk uzsakym", "aizver pasutijum")  # fmt: skip
# "It will be ready on Friday", "bus paruošta penktadienį": a promise to the client, no completion.
FUTURE_WORDS = word_set("will bus buss будет будут zostanie zostana bedzie sara saranno sera serao")
DETAILS_STEMS: Final = ("detail", "more about", "info", "daugiau", "plasiau", "placiau", "sikiau", "detal",
                        "vairak", "sikak", "sikaka", "paradi", "informac", "szczeg", "wiecej", "dettagl", "di piu",
                        "pormenor", "mais sobre", "mostra", "pokaz", "parodyk", "покажи", "show",
                        "подробн", "детал", "больше о", "podrobn",
                        # what it costs is in the details too: "quanto costa?", "kiek kainuoja?", "сколько стоит?"
                        "how much", "price", "cost", "kiek kain", "kainuot", "cik maks", "cik izmaks", "ile kosztu",
                        "kosztow", "kosztuj", "quanto cost", "quanto verr", "quanto vien", "prezzo",
                        "quanto custa", "quanto custar", "preco", "сколько сто", "сколько буд", "цена",
                        "стоимост",
                        # how long it takes and where it goes are there too: "how long does the first one take?"
                        "how long", "how soon", "kiek laik", "per kiek", "cik ilg", "cik atr", "ile czas", "jak dlug",
                        "quanto temp", "quanto demor", "сколько врем", "сколько дел", "как долго", "skolko vrem",
                        "skolko del", "deliver", "pristat", "atvez", "piegad", "dostaw", "consegn", "entreg",
                        "достав", "dostav",
                        # the photos are on the card: "fotos da 1", "show me pictures of the second" (an enquiry began)
                        "photo", "picture", "foto", "nuotrauk", "bild", "zdjec", "immagin", "imagen", "фото",
                        "фотк", "картинк")  # fmt: skip


# Asking whether an offer has photos: "tem fotos?", "ci sono foto?", "a foto est?", "vai ir bildes?", "can I see
# photos of it?" (PHOTO_STEMS at a word's start; a photographer is asked for with other words: "fotograf…").
PHOTOGRAPHER_STEMS: Final = ("photograph", "fotograf", "фотограф", "fotograaf")
PHOTO_QUESTION_MAX_WORDS: Final = 7


def asks_for_photos(text: str) -> bool:
    """A short question or request to see the photos of the offer looked at."""
    words = _words(text)
    if not 0 < len(words) <= PHOTO_QUESTION_MAX_WORDS or any(w.startswith(PHOTOGRAPHER_STEMS) for w in words):
        return False
    return any(w.startswith(PHOTO_STEMS) for w in words)


# "As soon as possible" at "By when?": "asap", "kuo greičiau", "kaip įmanoma greičiau", "pēc iespējas ātrāk", "jak
# najszybciej", "il prima possibile", "o mais rápido possível", "как можно скорее", "srochno".
ASAP_PHRASES = _phrases(
    "asap; as soon as possible; soon as possible; urgent; urgently; right away; kuo greiciau; kaip imanoma greiciau; "
    "skubiai; skubu; pec iespejas atrak; cik atri vien iespejams; steidzami; jak najszybciej; pilne; na juz; "
    "il prima possibile; prima possibile; urgente; subito; o mais rapido possivel; o quanto antes; "
    "com urgencia; как можно скорее; как можно быстрее; срочно; побыстрее; kak mozhno skoree; srochno"
)


def as_soon_as_possible(text: str) -> bool:
    return _says(_words(text), ASAP_PHRASES)


def asks_about_it(text: str) -> bool:
    """A question about an offer picked in words ("ten z Gdańska, ile to kosztuje?", "kiek laiko gamina pirmą?",
    "which one is the cheapest?"): its details are the answer, not an enquiry — unless it asks to order."""
    return has_stem(text, DETAILS_STEMS) or ("?" in text and not wants_to_order(text))  # "o de porto" picks it


_COLLAPSE = re.compile(r"(.)\1{2,}")
_DOUBLE = re.compile(r"(.)\1")
_CONTRACTION = re.compile(r"(\w)'(t|s|ll|re|ve|m|d)\b")  # "don't" → "dont", but "l'ultimo" → "l ultimo"
_ORDINAL_SUFFIX = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|o|a|as|os|º|ª|-?th|ый|ой|ий|я|ю|е)$")
_NUMBER_RE = re.compile(r"(?<![\d.,])(\d{1,3})(?![\d.,]\d)")


def _words(text: str) -> list[str]:
    """Folded words; letters repeated three or more times collapse ("yesss" → "yes", "taaaip" → "taip")."""
    return list(_words_of_text(text))


@lru_cache(maxsize=1024)
def _words_of_text(text: str) -> tuple[str, ...]:
    """:func:`_words`, remembered: each answer predicate asks for the words of the same message again (about
    thirty times in a turn of typed text), and a copy of the list is all a caller may change."""
    folded = _CONTRACTION.sub(r"\1\2", fold(text).replace("’", "'")).replace("'", " ")
    words = [_COLLAPSE.sub(r"\1", w.text) for w in words_of(folded)]
    known = _vocabulary()
    return tuple(w if w in known or _DOUBLE.sub(r"\1", w) not in known else _DOUBLE.sub(r"\1", w) for w in words)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """One-word yes and no answers: a doubled letter ("taiip", "siim", "nee") is undone only towards one."""
    tables = (YES_PHRASES, NO_PHRASES, BACK_PHRASES, SKIP_PHRASES)  # "cancella" is Italian, not "cancela"
    return frozenset(w for table in tables for phrase in table for w in phrase if len(phrase) == 1)


def _meaningful(words: list[str]) -> list[str]:
    return [w for w in words if w not in FILLER]


def meaningful_words(text: str) -> list[str]:
    """The folded words of ``text`` without filler ("yes please" → ["yes"])."""
    return _meaningful(_words(text))


def _starts_with(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the first phrase that ``words`` start with, else 0."""
    if not words:
        return 0
    for phrase in _by_first_word(phrases).get(words[0], ()):
        if tuple(words[: len(phrase)]) == phrase:
            return len(phrase)
    return 0


# The phrase tables are module constants: each is indexed once by its first word (in table order, so "the first
# phrase that matches" is unchanged), instead of every phrase being compared on every call; the filler words of
# its phrases kept whole ("so" of "=non so") are read with it.
@dataclass(frozen=True)
class _TableIndex:
    table: tuple[tuple[str, ...], ...]  # kept, so that its id is never reused while the index is
    first_words: dict[str, list[tuple[str, ...]]]
    own_filler: frozenset[str]


_INDEXES: dict[int, _TableIndex] = {}


def _indexed(phrases: tuple[tuple[str, ...], ...]) -> _TableIndex:
    known = _INDEXES.get(id(phrases))
    if known is not None and known.table is phrases:
        return known
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    own = frozenset(w for phrase in phrases for w in phrase if w in FILLER)
    if len(_INDEXES) >= _INDEXES_MAX:  # only module tables come here; a caller's own tuples may not pile up
        _INDEXES.clear()
    _INDEXES[id(phrases)] = made = _TableIndex(phrases, index, own)
    return made


def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    return _indexed(phrases).first_words


_INDEXES_MAX = 256


def _only(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """True when the words are nothing but these phrases (and filler); a phrase kept whole ("=non so") is
    matched with its filler words in place."""
    if _only_of(words, phrases, frozenset()):
        return True
    own = _own_filler(phrases)
    return bool(own) and any(w in own for w in words) and _only_of(words, phrases, own)


def _only_of(words: list[str], phrases: tuple[tuple[str, ...], ...], kept: frozenset[str]) -> bool:
    rest = [w for w in words if w not in FILLER or w in kept]
    if not rest:
        return False
    while rest:
        used = _starts_with(rest, phrases)
        if not used:
            return False
        rest = [w for w in rest[used:] if w not in FILLER or w in kept]
    return True


def _own_filler(phrases: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The filler words of a table's phrases kept whole ("so" of "=non so"): none in most tables."""
    return _indexed(phrases).own_filler


def _emoji_answer(text: str) -> YesNo | None:
    stripped = text.strip()
    if stripped and all(c in YES_EMOJI or c.isspace() or c == "\ufe0f" for c in stripped):
        return "yes"
    if stripped and all(c in NO_EMOJI or c.isspace() or c == "\ufe0f" for c in stripped):
        return "no"
    return None


# "help", "pagalba", "palīdzība", "pomoc", "aiuto", "ajuda", "помощь" (and in Latin letters), alone or with
# "please"/"me": asking how the bot works in the middle of a question, not answering it.
HELP_WORDS: Final = word_set(
    "help pagalba pagalbos padekite padek palidziba palidzibu palidziet pomoc pomocy "
    "aiuto aiutami ajuda ajudem ajude помощь помогите помоги pomoshch pomosch pomogite"
)
_HELP_FILLER: Final = word_set("me please pls man mi mnie prasau ludzu prosze per favore por favor пожалуйста "
                               "мне need i nodig")  # fmt: skip


# The ↩️ Reply button's word typed instead of pressed: "atsakyti", "reply", "odpowiedz", "ответить".
REPLY_WORDS = word_set(
    "reply answer respond atsakyti atsakyk atsakykite atsakysiu atsakau atbildet atbildi atbildesu odpowiedz "
    "odpowiedziec odpowiem rispondi rispondere rispondo responder responda responde respondo ответить ответь отвечу "
    "otvetit otvet"
)


def bare_reply(text: str) -> bool:
    """The message only says "reply" (the button's word), in any language."""
    words = _meaningful(_words(text.replace("↩️", " ").replace("↩", " ")))
    return 0 < len(words) <= 2 and words[0] in REPLY_WORDS and all(w in REPLY_WORDS or w in {"to", "it"} for w in words)


def asks_help(text: str) -> bool:
    """Whether a short message only asks for help ("help", "pagalba prašau", "помогите пожалуйста")."""
    words = _words(text)
    return (
        0 < len(words) <= 3
        and any(w in HELP_WORDS for w in words)
        and all(w in HELP_WORDS or w in _HELP_FILLER for w in words)
    )


# Asking for easy-read in words (what /easy turns on): "ijunk lengva skaityma", "rašyk paprasčiau", "write simpler",
# "pisz prościej", "scrivi più semplice", "escreve mais simples", "пиши проще". Folded stems, in a short message.
EASY_READ_STEMS: Final = (
    "easy read", "easy-read", "easyread", "simpler", "more simple", "more simply", "easier words", "plain language",
    "short sentences", "simple words",
    "lengv skait", "lengva skait", "lengvai skait", "lengvas skait", "paprasciau", "paprastesn", "trumpais sakin",
    "vienkarsak", "vienkarsi vard", "viegli lasam", "viegla valod", "vieglaja valod",
    "prosciej", "prostym jezyk", "prostymi slow", "latwiej", "latwe czyt", "latwego czyt", "prosty jezyk",
    "piu semplic", "parole semplic", "lettura facil", "mais simples", "leitura facil", "palavras simples",
    "paprasta kalb", "paprastesne kalb", "linguaggio sempl", "lingua facil", "linguagem simpl", "linguagem facil",
    "проще", "простым язык", "простой язык", "простыми слов", "легкое чтен", "prosche", "pishi proshe",
    "napishi proshe", "obyasni proshe", "objasni proshe", "prostymi slov", "prostym yazyk", "poproshe",
    # a blind tester, a student with dyslexia: "plz rite simpel", "ieslēdz vieglo valodu", "rašyk trumpai ir paprastai"
    "simpel", "vieglo valod", "vieglu valod", "vienkarsu valod", "vienkarso valod", "rasyk paprast", "rasykit paprast",
    "trumpai ir paprast", "paprastai ir trumpai",
)  # fmt: skip
# Saying reading is hard ("I have dyslexia", "man sunku skaityti", "reading is hard for me"): easy-read is what helps,
# in a longer message too ("I have dyslexia, can you turn on easy read?" went to the teacher as a question).
EASY_NEED_STEMS: Final = (
    "dyslex", "dislex", "disleks", "dysleks", "dislessi", "дислекс", "hard to read", "reading is hard", "cant read",
    "can t read", "cant reed", "sunku skait", "sunkiai skait", "sunku perskait", "grut lasit", "gruti lasit",
    "trudno czyt", "ciezko czyt", "difficile legg", "fatica a legg", "dificil ler", "dificuldade em ler",
    "dificuldade a ler", "трудно чита", "тяжело чита", "сложно чита", "trudno chita", "ploho chita", "плохо чита",
)  # fmt: skip
EASY_NEED_MAX_WORDS: Final = 12
EASY_OFF_STEMS: Final = ("turn off", "switch off", "disable", "isjung", "isjunk", "izsledz", "izslegt", "wylacz",
                         "disattiv", "deslig", "desativ", "выключ", "отключ")  # fmt: skip
EASY_READ_MAX_WORDS: Final = 6


# An order's date named to be moved: "mudar o prazo para 22 de dezembro", "move the due date of order 1 to feb 15",
# "przesuń termin na 22 grudnia", "sposta la scadenza al 19", "perkelk terminą į gruodžio 22", "перенеси срок на 22".
# A date word and a change verb (or "to" and a date after them: bot/flows/order_terms.py reads the date).
ORDER_DATE_STEMS: Final = (
    "deadline", "due date", "due on", "delivery date", "the date", "prazo", "data de entrega", "a data",
    "termin", "terminas", "termina", "data oddania", "scadenz", "data di consegna", "la data", "datum",
    "срок", "дату", "дата", "дедлайн", "srok", "datu", "terminu", "termins",
)  # fmt: skip
MOVE_DATE_STEMS: Final = (
    "change", "move", "moved", "push", "postpone", "shift", "extend",
    "mudar", "mude", "muda", "alterar", "altere", "altera", "passar", "adiar", "adia", "posterga",
    "zmien", "zmienic", "przesun", "przesunac", "ustaw", "przeloz",
    "cambia", "cambiare", "sposta", "spostare", "posticip", "rimand", "anticip",
    "pakeisk", "pakeiskite", "pakeist", "perkelk", "perkelkite", "perkelt", "atidek",
    "nomaini", "nomainiet", "mainit", "parcel", "parceliet", "parcelt",
    "измени", "изменит", "перенес", "перенест", "поменя", "сдвин", "izmeni", "perenes", "pomenya",
)  # fmt: skip


def names_a_task(text: str) -> bool:
    """ "move task 2 to Monday", "перенеси задание": a task named (its own date, not the order's)."""
    return any(w in TASK_WORDS for w in _words(text))


def names_order_date(text: str) -> bool:
    """ "the deadline", "prazo", "срок": the date itself named (not only the order)."""
    return has_stem(text, ORDER_DATE_STEMS)


def asks_to_move_date(text: str) -> bool:
    """Whether a message asks to move a date ("change the deadline to …", "move the order to 27 March", "перенеси
    весь заказ на 3 апреля"): a date word or the order named, and a change verb."""
    named = has_stem(text, ORDER_DATE_STEMS) or has_stem(text, CANCEL_ORDER_STEMS)
    return named and has_stem(text, MOVE_DATE_STEMS)


# A teacher's reminder to students: "remind Student B", "send a reminder to everyone who hasn't finished",
# "primink Jonui", "atgādini Student A par termiņu", "przypomnij wszystkim", "ricorda a Student B la scadenza",
# "manda un promemoria", "lembra o Student A do prazo", "напомни всем про сроки" (folded stems).
REMIND_STEMS: Final = ("remind", "reminder", "nudge", "primin", "atgadin", "przypomn", "ricorda",
                       "promemoria", "sollecit", "lembra o", "lembra a", "lembre", "lembrar", "lembrete",
                       "напомн", "napomn")  # fmt: skip


# An order's quantity named to be changed: "change the quantity of order 1 to 150", "zmień ilość na 30 kg", "pakeisk
# kiekį į 8 kg", "cambia la quantità a 200 pezzi", "измени количество на 30" (folded stems; a change verb too).
QUANTITY_STEMS: Final = ("quantity", "amount", "kieki", "kiekis", "daudzum", "ilosc", "quantit", "quantidade",
                         "количеств", "kolichestv")  # fmt: skip


def quantity_change(text: str, language: str) -> tuple[int, str | None] | None:
    """The new quantity (and its unit, if said) a message asks an order to have: a change verb, a quantity word,
    and the number after the word that joins the new value ("… of order 1 to 150": 150, not the order's 1)."""
    if not (has_stem(text, QUANTITY_STEMS) and has_stem(text, MOVE_DATE_STEMS)):
        return None
    joined = list(_TASK_DATE_AFTER.finditer(text))
    value = text[joined[-1].end() :] if joined else ""
    quantity = extract_quantity(value, language) if value else None
    if quantity is None:
        return None
    return quantity, quantity_unit(value, quantity, language)


def asks_to_remind(text: str) -> bool:
    return has_stem(text, REMIND_STEMS)


# Asking how to become a coordinator ("хочу быть координатором", "kak mne stat koordinatorom?", "how do I become a
# coordinator?") or how to reach the VET2B team ("kaip susisiekti su VET2B komanda?", "koks el. paštas?").
COORDINATOR_STEMS: Final = ("coordinat", "koordinat", "координат", "coordenad")
WANTING_STEMS: Final = ("want", "would like", "how", "noriu", "noretum", "kaip", "gribu", "gribam", "ka lai", "chce",
                        "jak", "voglio", "vorrei", "come", "quero", "queria", "como", "хочу", "хотим", "как",
                        "hochu", "kak")  # fmt: skip
CONTACT_STEMS: Final = ("contact", "email", "e mail", "el past", "epast", "susisiek", "sazin", "kontakt",
                        "contatt", "contat", "связат", "svyazat", "svjazat", "почт", "pocht", "reach")  # fmt: skip
# Whom: the team or the bot's people, not a contact form on a website ("how much is a website with a contact form?").
TEAM_WORDS = word_set("vet2b team komanda komandu komanda zespol zespolem squadra equipa команда командой you vami "
                      "вами jumis jums wami voi vos vós administrator admin администратор administrators")  # fmt: skip


def asks_to_coordinate(text: str) -> bool:
    return has_stem(text, COORDINATOR_STEMS) and (is_question(text) or has_stem(text, WANTING_STEMS))


def asks_for_contact(text: str) -> bool:
    asked = is_question(text) or has_stem(text, WANTING_STEMS)
    return asked and has_stem(text, CONTACT_STEMS) and any(w in TEAM_WORDS for w in _words(text))


# Ordering what was ordered before: "order the same again", "quero encomendar outra vez o mesmo", "zamów jeszcze raz
# to samo", "lo stesso di nuovo", "tą patį dar kartą", "to pašu vēlreiz", "повторите заказ", "то же самое ещё раз".
REORDER_STEMS: Final = (
    "same again", "again the same", "order again", "reorder", "repeat the order", "repeat my order",
    "outra vez o mesmo", "outra vez a mesma", "de novo o mesmo", "de novo a mesma", "mesma encomenda", "mesmo pedido",
    "repetir a encomenda", "repetir o pedido", "jeszcze raz to samo", "to samo jeszcze raz", "powtorz zamowien",
    "powtorzyc zamowien", "lo stesso di nuovo", "di nuovo lo stesso", "ancora lo stesso", "stesso ordine",
    "ripeti l ordine", "ripetere l ordine", "ta pati dar karta", "dar karta ta pati", "pakartok uzsakym",
    "pakartoti uzsakym", "to pasu velreiz", "velreiz to pasu", "atkarto pasutijum", "повтори заказ", "повторите заказ",
    "повторить заказ", "то же самое еще раз", "то же самое ещё раз", "еще раз то же", "ещё раз то же",
    "povtorit zakaz", "povtorite zakaz", "to zhe samoe",
)  # fmt: skip


def asks_reorder(text: str) -> bool:
    return has_stem(text, REORDER_STEMS)


# "paaiškink paprasčiau", "explain it more simply", "объясни проще": easy-read, and the thing explained again.
EXPLAIN_STEMS: Final = ("explain", "paaiskin", "paskaidro", "izskaidro", "wyjasni", "wytlumacz", "spiega", "explica",
                        "объясни", "объяснит", "obyasni", "ob'yasni")  # fmt: skip


def asks_to_explain(text: str) -> bool:
    return has_stem(text, EXPLAIN_STEMS)


def easy_read_request(text: str) -> bool | None:
    """True when a short message asks for easy-read, False when it asks to turn it off, else None. Not when it
    names something to buy ("a simpler website"): that is a need."""
    words = _words(text)
    struggles = has_stem(text, EASY_NEED_STEMS)
    if not words or len(words) > (EASY_NEED_MAX_WORDS if struggles else EASY_READ_MAX_WORDS):
        return None
    if not (struggles or has_stem(text, EASY_READ_STEMS)):
        return None
    if stance(text) == "need" and find_category(text) is not None:  # "a simpler website"; not "vai var vienkāršāk?"
        return None
    return not has_stem(text, EASY_OFF_STEMS)


# The clauses before a closing control word that only say no ("нет, не надо, отмена", "nie, nie trzeba, anuluj",
# "não, não precisa, cancela"): a no, then "not needed" in a few words.
NO_LEAD_MAX_WORDS: Final = 3


def control_word(text: str) -> Control | None:
    """ "cancel", "back" or "skip" when the message says just that (any language), else None; a control word
    after clauses that only say no ("нет, не надо, отмена") says it too."""
    clauses = [c for c in re.split(r"[,.;!?…]+", text) if c.strip()]
    leads = clauses[:-1]
    leading = all((yes_no(c) == "no" or _waits(c)) and len(_words(c)) <= NO_LEAD_MAX_WORDS for c in leads)
    if len(clauses) > 1 and leading:
        last = _control_word(clauses[-1])
        if last is not None and not keeps(clauses[-1]):  # "а нет, погодите, не отменяйте" keeps it
            return last
    return _control_word(text)


# "Wait, …" before a control word: "aspetta, annulla", "palaukit, atšaukit", "подождите, отмена".
WAIT_WORDS = word_set(
    "wait hold palauk palaukit palaukite pagaidi pagaidiet czekaj czekajcie chwila zaraz aspetta aspettate attendi "
    "espera espere esperem подожди подождите погоди погодите стоп"
)


def _waits(clause: str) -> bool:
    words = _meaningful(_words(clause))
    return bool(words) and all(w in WAIT_WORDS or w == "on" for w in words)


def _control_word(text: str) -> Control | None:
    words = _words(text)
    if not words or len(words) > ANSWER_MAX_WORDS:
        return None
    meaningful = _meaningful(words)
    for kind, phrases in (("cancel", CANCEL_PHRASES), ("back", BACK_PHRASES), ("skip", SKIP_PHRASES)):
        if _only(words, phrases):
            return kind  # type: ignore[return-value]
    if len(meaningful) <= CONTROL_MAX_WORDS:
        # "cancel the enquiry", "ne, atšaukit viską", "отмените всё": a control word (after a no), then at
        # most what it applies to — "para 20 pessoas" is no "stop"
        rest = _meaningful(meaningful[_starts_with(meaningful, NO_PHRASES) :])
        for kind, phrases in (("cancel", CANCEL_PHRASES), ("back", BACK_PHRASES)):
            if rest and _starts_with(rest, phrases) and _only_control(rest, phrases):
                return kind  # type: ignore[return-value]
    return None


LOOSE_MAX_WORDS: Final = 7
STEM_MAX_WORDS: Final = 10

# Stems (folded) that carry a control meaning wherever they stand in a short answer to a specific question:
# "I changed my mind", "persigalvojau", "ho cambiato idea", "я передумал", "nah scrap that", "go bck",
# "wait, I want to change my last answer", "pomijamy", "давай дальше". Cancel wins over a yes or a no
# ("no, forget the whole order"); back and skip count only when nothing else answers the question.
CONTROL_STEMS: Final[dict[str, tuple[str, ...]]] = {
    "cancel": (
        "cancel", "cancl", "withdraw", "scrap that", "drop it", "changed my mind", "change my mind",
        "never mind", "forget it", "forget about", "forget the", "dont want it", "not go ahead",
        "atsauk", "atsauc", "pamirs", "persigalvoj", "nebenoriu", "nutrauk", "nebereikia",
        "atcel", "aizmirst", "pardomaj", "beidzam", "partrauc", "nafig",
        "anul", "zmienilem zdanie", "zmienilam zdanie", "rozmysl", "odwolu", "rezygnuj", "zapomnij", "olej to",
        "przerw",
        "annull", "lascia perdere", "lasciate perdere", "lasciamo stare", "cambiato idea", "ripensato",
        "interromp",
        "esquec", "esquece", "mudei de ideia", "desist", "interrompam", "afinal nao",
        "отмен", "забуд", "передумал", "прекрат", "отбой", "нафиг", "проехали", "отказыва",
    ),
    "back": (
        "back", "bck", "undo", "previous", "last answer", "change my answer", "wroc", "wracamy", "cofn", "poprzedni",
        "indietro", "torna", "risposta di prima", "domanda prima", "volta", "recua", "tras", "anterior",
        "назад", "предыдущ", "прошлый ответ", "atgal", "ankstesn", "grizk", "atpakal", "ieprieksej",
    ),
    "skip": (
        "skip", "skp", "next", "nxt", "move on", "proceed", "rather not answer", "praleis", "kitas klausimas",
        "skipin", "izlaiz", "izlaid", "talak", "skipoj", "pomi", "skipuj", "dalej", "salt", "skipp", "prossim",
        "avanti", "pula", "pular", "proxim", "avanc", "continua", "пропус", "дальше", "скип", "propusk",
    ),
}  # fmt: skip


# Stems that mean something else in a language: Italian "cancellare" is to delete ("sì, cancella tutto").
NOT_A_CONTROL_IN: Final = {"it": frozenset({"cancel", "cancl"})}


def control_stem(text: str, language: str | None = None) -> Control | None:
    """The control meaning a stem gives a short message, cancel first; None when there is none."""
    words = _words(text)
    if not words or len(words) > STEM_MAX_WORDS:
        return None
    folded = " " + " ".join(words) + " "
    excluded = NOT_A_CONTROL_IN.get(language or "", frozenset())
    if " cancell" in folded:  # Italian "cancella" deletes, whatever the interface language is
        excluded = excluded | NOT_A_CONTROL_IN["it"]
    for kind in ("cancel", "back", "skip"):
        if any(f" {stem}" in folded for stem in CONTROL_STEMS[kind] if stem not in excluded):
            return kind
    return None


def control_anywhere(text: str) -> Control | None:
    """A control word anywhere in a short message ("ok let's just go back", "I don't know, skip it", "no no,
    forget the whole enquiry") — for when the message answers the question in no other way."""
    words = _meaningful(_words(text))
    if not words or len(words) > LOOSE_MAX_WORDS:
        return None
    for kind, strong in _strong_control():
        if any(_starts_with(words[i:], strong) for i in range(len(words))):
            return kind  # type: ignore[return-value]
    return None


@lru_cache(maxsize=1)
def _strong_control() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """Each control table without its weak phrases, made once (one table object each, for _by_first_word)."""
    tables = (("cancel", CANCEL_PHRASES), ("back", BACK_PHRASES), ("skip", SKIP_PHRASES))
    return tuple((kind, tuple(p for p in phrases if p not in _WEAK_CONTROL)) for kind, phrases in tables)


# Control words that are everyday words too ("para" is "for", "volta" a turn, "nada" nothing at all): they
# count only as the whole message, never when found inside a longer one.
_WEAK_CONTROL = frozenset(
    (w,)
    for w in word_set(
        "para pare deixa volta voltar torna passo passa kitas talak nic nada niente nulla nothing none nieko "
        "nekas ничего whatever sair esci"
    )
)


def _only_control(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Control phrases of one kind and what they apply to, nothing else: "cancel it, forget the whole thing",
    "torna al passo precedente"."""
    i = 0
    while i < len(words):
        used = _starts_with(words[i:], phrases)
        if used:
            i += used
        elif words[i] in CONTROL_OBJECTS:
            i += 1
        else:
            return False
    return True


# Words that open a longer message as a pronoun in one language and mean yes in another: Lithuanian "šį
# klausimą…" folds to Italian "si …". From a person of that language they are no yes (alone, "sì" is a yes
# whatever the interface language, since people do not always write in it); Polish "no" alone means "yeah".
NOT_YES_IN: Final = {
    "lt": frozenset({"si", "ja", "ta"}),  # šį, ją, tą
    "lv": frozenset({"ta", "si", "so"}),  # tā, šī, šo
    "pt": frozenset({"da"}),  # da (of the)
    "it": frozenset({"da"}),  # da (from)
    "ru": frozenset({"ya"}),  # "ya ot kompanii": я (I), typed in Latin letters
}
YES_IN: Final = {"pl": frozenset({"no"})}


# A second thought between two numbers ("40 vnt nu gal 30", "20 or maybe 25", "20, а может 25"): the number after
# it is the answer. Folded, matched between spaces or after a comma.
SECOND_THOUGHT: Final = re.compile(
    r"(?:,|\s)\s*(?:or maybe|or rather|no wait|actually|nu gal|o gal|gal|ar gal|vai|vai ari|varbut|ne|albo|lub|"
    r"a moze|moze|czy|nie|o forse|oppure|anzi|no|ou talvez|ou melhor|ou|или|а может|может|нет|ili|a mozhet|mozhet)\s",
)


SECOND_THOUGHT_NO_PREPOSITION: Final = re.compile(SECOND_THOUGHT.pattern.replace("|no|", "|"))

# "30 not 20", "30 a nie 20", "18, а не 15", "не 15, а 18", "90 non 80": the number right after a negation is the
# value being corrected, the other one the new value.
_NEGATED_NUMBER = re.compile(
    r"(?:^|[\s(])(?:not|no|nie|не|ne|non|nao|nav|nevis|instead of|zamiast|invece di|em vez de|вместо)\s+(\d{1,7})\b"
)
_ANY_NUMBER = re.compile(r"(?<![\d.,])(\d{1,7})(?![\d.,]\d)")


def corrected_number(text: str) -> int | None:
    """The new value of a correction that names the old one after a negation ("30 nie 20" → 30), else None.
    A value "corrected" to itself is none: "5 no 5" is a Latvian rating (five of five), never "5, not 5"."""
    folded = fold(text)
    negated = list(_NEGATED_NUMBER.finditer(folded))
    rejected = {match.start(1) for match in negated}
    if not rejected:
        return None
    kept = [int(match.group(1)) for match in _ANY_NUMBER.finditer(folded) if match.start(1) not in rejected]
    if not kept or kept[-1] in {int(match.group(1)) for match in negated}:
        return None
    return kept[-1]


def after_second_thought(text: str, language: str | None = None) -> list[str]:
    """The parts of an answer between second thoughts, the last one first (see SECOND_THOUGHT). In Portuguese and
    Latvian "no" is a preposition ("almoço no dia 20": the 20 was taken for the quantity, not the 30 people)."""
    marks = SECOND_THOUGHT_NO_PREPOSITION if language in NO_IS_A_PREPOSITION else SECOND_THOUGHT
    return list(reversed(marks.split(f" {fold(text)} ")))


# Where "no" followed by a word is a preposition: Latvian "from" ("no apses koka"), Portuguese "in the" ("no Porto");
# a Latvian or Portuguese no is "nē" / "não" (a bare "no" stays a no).
NO_IS_A_PREPOSITION: Final = frozenset({"lv", "pt"})
_NO_BEFORE_A_WORD = re.compile(r"(?:^|[\s(])no\s+[^\W\d_]")


SEND_ALONE_MAX_WORDS: Final = 2  # "send it", "otpravit" — a send word and at most one more


def yes_no(text: str, language: str | None = None) -> YesNo | None:
    """ "yes" or "no" when the message opens with (or is) a yes or no in any language, else None.

    "sim, pode enviar", "taip, siųsk", "да, отправляй", "no thanks", "nie teraz", "👍" are answers;
    "actually I need a website" and "how much is it?" are not.
    """
    emoji = _emoji_answer(text)
    if emoji is not None:
        return emoji
    words = _meaningful(_words(text))
    negated = any(w.startswith(("ne", "не", "nie", "non", "nao")) for w in words)
    if 0 < len(words) <= SEND_ALONE_MAX_WORDS and words[0].startswith(SEND_WORD_STARTS) and not negated:
        return "yes"  # "otpravit", "wyślij", "invia" alone: the send asked about (it restarted the enquiry)
    if language in NO_IS_A_PREPOSITION and _NO_BEFORE_A_WORD.search(fold(text)):
        return None  # "lūdzu no apses" (from aspen), "no Porto" (in Porto): a message was dropped as a "no"
    if language in YES_IN and len(words) == 1 and words[0] in YES_IN[language]:
        return "yes"
    if len(words) > 1 and words[0] in NOT_YES_IN.get(language or "", frozenset()):
        words = [f"~{words[0]}", *words[1:]]  # that word is not a yes in this language
    if not words or len(words) > ANSWER_MAX_WORDS:
        return None
    if text.rstrip().endswith("?") and len(words) > 2:  # "quem vai fazer?": a question back, not an answer
        return None
    no = _starts_with(words, NO_PHRASES)
    yes = _starts_with(words, YES_PHRASES)
    if no > yes:
        return "no"
    if yes:
        # "tikrai ne", "конечно нет": a yes that only stresses the no after it
        rest = words[yes:]
        if len(rest) >= ADDING_MIN_WORDS and rest[0] in AND_WORDS and not _starts_with(rest[1:], YES_PHRASES):
            return None  # "aha i chcemy tez sklep internetowy", "ok and we also need chairs": more, not a yes
        if rest and not _starts_with(rest, YES_PHRASES) and len(words) <= 3 and _starts_with(words[-1:], NO_PHRASES):
            return "no"
        return "yes"
    first = words[0]
    if first.startswith("ne") and _starts_with([first[2:]], YES_PHRASES):  # "nesiųsk", "netrinkit", "nedzēst"
        return "no"
    # "I think yes", "well, sure": a yes or no word anywhere in a very short message
    if len(words) <= 3:
        not_yes = NOT_YES_IN.get(language or "", frozenset())
        for i in range(1, len(words)):
            if _starts_with(words[i:], NO_PHRASES):
                return "no"
            if _starts_with(words[i:], YES_PHRASES) and words[i] not in not_yes:  # "paslėpk šį pasiūlymą": "this"
                return "yes"
    return None


def bare_no(text: str) -> bool:
    """True when the message is a no and nothing else ("nie", "nav", "no thanks", "👎"): no correction, no request."""
    if _emoji_answer(text) == "no":
        return True
    return _only(_words(text), NO_PHRASES)


# "Anything to add?" answered "no message", "nessun messagio", "bez uwag", "без комментариев": a word of
# absence, then at most words for a message or note (one letter off in a long one is still that word).
ABSENCE_WORDS = word_set(
    "no not none nothing without nope "
    "ne nieko nera be neko nav bez "
    "nie nic brak zadnej zadnych zadnego "
    "nessun nessuna nessuno niente nulla senza "
    "nao nada nenhum nenhuma sem "
    "нет ничего без никаких никакого"
)
NOTE_WORDS = word_set(
    "message messages note notes comment comments remark remarks addition additions extra "
    "zinute zinutes zinuciu pastaba pastabu pastabos komentaras komentaru komentarai prierasas "
    "zina zinas zinu piezime piezimes piezimju komentars komentaru komentari "
    "wiadomosc wiadomosci uwaga uwag uwagi komentarz komentarza komentarzy dodatkow dodatkowych "
    "messaggio messaggi nota note commento commenti aggiunta aggiunte "
    "mensagem mensagens nota notas comentario comentarios observacao observacoes "
    "сообщение сообщения сообщений комментарий комментария комментариев примечание примечаний замечаний"
)


def nothing_to_add(text: str) -> bool:
    """True for a short "no message" in any language, also misspelt ("nessun messagio", "no coment")."""
    words = _meaningful(_words(text))
    if not 2 <= len(words) <= 3 or words[0] not in ABSENCE_WORDS:
        return False
    return all(
        w in NOTE_WORDS
        or (len(w) >= TYPO_MIN_LETTERS and process.extractOne(w, NOTE_WORDS, scorer=OSA.distance, score_cutoff=1))
        for w in words[1:]
    )


# Greetings that open a message ("laba diena, ar yra naujų užklausų?"): what follows is the request.
GREETING_PHRASES = _phrases(
    "hello; hi; hey; hello there; hi there; good morning; good afternoon; good evening; greetings; "
    "labas; laba diena; labas rytas; labas vakaras; sveiki; sveikas; sveika; sveikinu; "
    "labdien; labrit; labvakar; sveiks; cau; "
    "czesc; dzien dobry; witam; witajcie; dobry wieczor; hej; "
    "ciao; buongiorno; buon giorno; buonasera; salve; "
    "ola; oi; bom dia; boa tarde; boa noite; "
    "привет; здравствуйте; здравствуй; здрасте; добрый день; доброе утро; добрый вечер"
)
GREETING_REST_MIN_WORDS: Final = 2


def _greeting(text: str) -> tuple[list[str], int]:
    """The message's tokens and how many of them open it as a greeting (0 when none does)."""
    tokens = text.split()
    return tokens, _starts_with([fold(t).strip(".,!?;:-–—()\"'«»") for t in tokens], GREETING_PHRASES)


def after_greeting(text: str) -> str | None:
    """The request after an opening greeting ("здравствуйте, есть новые заявки?" → "есть новые заявки?"),
    or None when the message opens with no greeting or is little more than one."""
    tokens, greeting = _greeting(text)
    rest = tokens[greeting:]
    if not greeting or len(rest) < GREETING_REST_MIN_WORDS:
        return None
    return " ".join(rest)


# Declining said as "we cannot accept / take it" ("desculpe, não podemos aceitar", "sorry, we can't take this one",
# "nie możemy przyjąć", "не можем принять"): folded. The accept verb alone made it an acceptance, or an offer draft.
_CANNOT_ACCEPT = re.compile(
    r"\b(?:can ?not|can'?t|can t|cannot|unable to|won'?t be able to|nao podemos|nao conseguimos|non possiamo|"
    r"non riusciamo a|nie mozemy|nie damy rady|не можем|не сможем|negalime|negalesime|nevaram|nevaresim)\s+"
    r"(?:\w+\s+)?(?:acc?ept|take|ac?ceit|acc?ett?|prend|przyj|wzi|прин|взя|priim|imti|pien|nemt)\w*"
)  # the verbs as stems, a doubled letter optional: "accetare", "acept" are typed as often as spelt right
# Opening apologies, no part of a reason: "sorry", "desculpe", "scusate", "przepraszamy", "извините".
_SORRY = re.compile(r"^\s*(?:sorry|we are sorry|unfortunately|desculpe|desculpa|infelizmente|scusate|scusa|"
                    r"purtroppo|mi dispiace|przepraszam|przepraszamy|niestety|извините|к сожалению|atsiprasome|"
                    r"deja|atvainojiet|diemzel)\b[\s,.!]*")  # fmt: skip
# What gives a reason: "rejeito o pedido porque …", "we decline because …", "atmetame, nes …".
BECAUSE = re.compile(r"\s(?:because|since|porque|pois|perche|perché|poiche|poiché|ponieważ|poniewaz|bo|nes|"
                     r"kadangi|jo|tapec ka|потому что|так как|т\.к\.)\s", re.IGNORECASE)  # fmt: skip


# "We can't do it" without an accept verb: "diemžēl jāatsakās, nevarēsim paspēt", "к сожалению, не сможем — у группы
# экзамены", "deja, negalėsime". A refusal maybe (or a counter-offer: "не сможем к 20, можем к 22"): asked, never
# decided. Folded phrases.
REFUSAL_PHRASES = _phrases(
    "we cant; we can not; we cannot; wont be able; we will not be able; not able to; we have to refuse; "
    "negalesime; negalesim; negalime; turime atsisakyti; teks atsisakyti; tenka atsisakyti; nespesime; nespesim; "
    "jaatsaka; jaatsakas; nevaresim; nevaresim paspet; nevaram; nepaspesim; "
    "nie damy rady; nie mozemy; nie zdazymy; musimy odmowic; "
    "non possiamo; non riusciamo; non ce la facciamo; dobbiamo rinunciare; "
    "nao podemos; nao conseguimos; nao vamos conseguir; temos de recusar; "
    "не сможем; не получится; не успеем; не можем; придется отказаться; придётся отказаться; ne smozhem"
)


def refuses(text: str) -> bool:
    """ "Diemžēl jāatsakās…", "К сожалению, не сможем…": the school says it cannot do it (see REFUSAL_PHRASES)."""
    return _says(_words(text), REFUSAL_PHRASES)


def cannot_accept(text: str) -> str | None:
    """The reason given with "we cannot accept / take it" ("" when there is none), or None when the message
    does not say it cannot accept."""
    folded = fold(text)
    match = _CANNOT_ACCEPT.search(folded)
    if match is None:
        return None
    clauses = [c.strip() for c in re.split(r"[,.;!?]+", text) if c.strip()]
    kept = [c for c in clauses if _CANNOT_ACCEPT.search(fold(c)) is None]
    reason = _SORRY.sub("", ", ".join(kept), count=1).strip(" ,.;")
    return reason


def _clauses_after_greeting(text: str) -> list[list[str]]:
    """The message's clauses (split at punctuation) as words, a greeting that opens it left out."""
    clauses = [_meaningful(_words(c)) for c in re.split(r"[,.;!?]+", after_greeting(text) or text)]
    return [c for c in clauses if c]


def only_greeting(text: str) -> bool:
    """ "labdien", "hello!", "hi Anna": a greeting and at most a name, nothing to pass on to anyone."""
    tokens, greeting = _greeting(text)
    rest = [t for t in tokens[greeting:] if fold(t).strip(".,!?;:-–—()\"'«»")]  # "hello !" is a greeting alone
    return bool(greeting) and len(rest) <= 1 and not text.rstrip().endswith("?")


# A command to the bot that opens a message: "mostra o registo de auditoria", "show my orders", "покажи заказы".
SHOW_COMMAND_WORDS = word_set(
    "show display list open parodyk rodyk parodykite rodykite atidaryk paradi paradiet radi atver pokaz pokazcie "
    "wyswietl otworz mostra mostrami mostrar mostre apri покажи покажите открой pokazhi otkroj"
)
# The other side spoken of, not to: "какой у них бюджет?", "what is their budget?", "ką jie nori?".
THIRD_PERSON_WORDS = word_set(
    "they their them jie ju juos vini vinu vinus oni ich im one loro eles elas deles delas они их им них oni ikh"
)


def commands_the_bot(text: str) -> bool:
    """The message opens (after a greeting) with a "show"/"open" command: said to the bot, not the other side."""
    words = _words(after_greeting(text) or text)
    return bool(words) and words[0] in SHOW_COMMAND_WORDS


def asks_about_them(text: str) -> bool:
    """A question about the other side in the third person ("какой у них бюджет?"): to the bot, maybe."""
    return is_question(text) and any(w in THIRD_PERSON_WORDS for w in _words(text))


def acknowledges(text: str) -> bool:
    """ "Got it", "ok, supratau", "понял", a bare "ok": a student saw the task (not that it is done).

    A yes first is fine ("ok, ricevuto"); one wrong letter in a long word too ("rozuniem")."""
    words = _meaningful(_words(text))
    if not words or len(words) > ANSWER_MAX_WORDS or _starts_with(words, NO_PHRASES):
        return False
    if _starts_with(words, ACKNOWLEDGE_PHRASES):
        return True
    said = _clauses_after_greeting(text)
    if len(words) > 1 and "?" not in text and any(_only(clause, ACKNOWLEDGE_PHRASES) for clause in said):
        return True  # "sveiki gavou uzduoti, supratau": a clause that only acknowledges
    yes = _starts_with(words, YES_PHRASES)
    rest = words[yes:]
    if not rest:
        return yes > 0 and words[0] not in _DONE_WORDS
    if _starts_with(rest, ACKNOWLEDGE_PHRASES):
        return True
    first = rest[0]
    return len(first) >= TYPO_MIN_LETTERS and bool(
        process.extractOne(first, _acknowledge_words(), scorer=OSA.distance, score_cutoff=1)
    )


def asks_to_listen(text: str) -> bool:
    """ "Listen", "read it to me", "perskaityk man", "leggimelo", "прочитай": hear the last message read aloud.

    Only such words, and at most two more ("listen again", "read it to me now"): "read the task description again
    and fix it" is something else."""
    words = _meaningful(_words(text))
    matched = _starts_with(words, LISTEN_PHRASES) if len(words) <= LISTEN_MAX_WORDS else 0
    return matched > 0 and len(words) - matched <= LISTEN_EXTRA_WORDS


# Yes-words that also say "finished": a student's "done" is a report, never an acknowledgement.
_DONE_WORDS = word_set(
    "done finished padaryta baigta baigiau atlikta izdarits gatavs pabeigts zrobione gotowe "
    "skonczone fatto finito feito acabei terminado готово сделано сделал сделала выполнено"
)


# A student saying they finished, in the first person (folded): "baigiau užduotį", "skończyłem zadanie", "ho
# finito il compito", "terminei a tarefa", "я закончил задание", "es pabeidzu uzdevumu", "I finished the task".
FINISHED_WORDS = word_set(
    "finished done completed "
    "baigiau padariau atlikau pabaigiau "
    "pabeidzu pabeidzi izdariju paveicu "
    "skonczylem skonczylam zrobilem zrobilam ukonczylem ukonczylam wykonalem wykonalam zrobione skonczone "
    "finito finita completato terminato "
    "terminei acabei conclui fiz feito feita "
    "закончил закончила сделал сделала выполнил выполнила доделал доделала готово "
    "zakonchil zakonchila sdelal sdelala vypolnil vypolnila gotovo"
)
FINISHED_MAX_WORDS = 6


def reports_finished(text: str) -> bool:
    """A short statement that the task is finished ("baigiau užduotį", "skończyłem zadanie"), not a question."""
    words = _words(text)
    if not words or len(words) > FINISHED_MAX_WORDS or text.rstrip().endswith("?"):
        return False
    if NEGATIONS & set(words):
        return False
    return bool(FINISHED_WORDS & set(words)) or any(_swapped_in(w, FINISHED_WORDS) for w in words if len(w) >= 4)


def _swapped_in(word: str, vocabulary: frozenset[str]) -> bool:
    """The word with two neighbouring letters swapped is in ``vocabulary`` ("fetio" → "feito", "dnoe" → "done"):
    the slip dyslexic writers make most, forgiven even in words too short for any other typo."""
    return any(word[:i] + word[i + 1] + word[i] + word[i + 2 :] in vocabulary for i in range(len(word) - 1))


NEGATIONS = word_set("not nebaigiau nepadariau ne nav nie non nao не ещё еще dar yet")


@lru_cache(maxsize=1)
def _acknowledge_words() -> tuple[str, ...]:
    return tuple(p[0] for p in ACKNOWLEDGE_PHRASES if len(p) == 1 and len(p[0]) >= TYPO_MIN_LETTERS)


def ordinal(text: str, count: int) -> int | None:
    """Which of ``count`` numbered items the message picks (1-based): "the second one", "antrą", "nr 3",
    "#2", "the last one", a bare "2"; "this one" when only one item is shown. None if it picks none."""
    if count <= 0:
        return None
    folded = fold(text)
    words = _words(text)
    if len(words) > ANSWER_MAX_WORDS + 2:  # "the first one looks good, how long do they need?": its first clause
        first = re.split(r"[,.;!?]", text, maxsplit=1)[0]
        return ordinal(first, count) if len(_words(first)) < len(words) else None
    if not words:
        return None
    picked: int | None = None
    by_word = False  # "o primeiro, 50 unidades até dia 20": the numbers after an ordinal word are the details
    short = len(_meaningful(words)) <= CHOICE_MAX_WORDS
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        suffixed = _ORDINAL_SUFFIX.match(word)
        if word in ORDINALS:
            picked, by_word = ORDINALS[word], True
        elif word in LAST:
            picked, by_word = count, True
        elif suffixed:
            picked = int(suffixed.group(1))
        elif (
            word.isdecimal()
            and len(word) <= 3
            and (
                i == 0
                or before in NUMBER_MARKERS
                or short
                or (before in ITEM_ARTICLES and month_of(words[i + 1] if i + 1 < len(words) else "") is None)
            )
        ):  # "vorrei chiedere al 1"; but "il 3 dicembre" is a day
            # "enquire about number 2, 200 pcs by dec 22": after "number", numbers no item has are the details
            others = {int(w) for w in words[i + 1 :] if w.isdecimal()}
            picked, by_word = int(word), before in NUMBER_MARKERS and all(n > count for n in others)
        elif before in NUMBER_MARKERS and word in number_words_for(None):
            picked = number_words_for(None)[word]
        if picked is not None:
            break
    if picked is None:
        match = re.search(r"(?:[#№]|\bnr\.?)\s*(\d{1,3})", folded)
        if match:
            picked = int(match.group(1))
    if not by_word and len({w for w in words if w.isdigit()}) > 1:  # "kuo skiriasi 1 ir 2?" compares
        return None
    # "this one" — but "isto nao presta para nada" (this is no good) picks nothing, and "só em Portugal" (only in
    # Portugal: "so" is Latvian "šo", this) narrows (it started an enquiry for the card on the screen)
    this_one = picked is None and count == 1 and any(w in THIS for w in words) and not NEGATIONS & set(words)
    if this_one and not find_countries(text) and find_city(text) is None:
        picked = 1
    return picked if picked is not None and 1 <= picked <= count else None


def picks_all(text: str) -> bool:
    """ "all of them", "both", "visi", "все": every item shown."""
    words = _meaningful(_words(text))
    return bool(words) and len(words) <= 4 and any(w in ALL for w in words)


def has_stem(text: str, stems: tuple[str, ...]) -> bool:
    folded = " ".join(_words(text))
    return any(stem in folded for stem in stems)


# Words that say an order is finished, for a forgiving match of a mistyped one ("bagtas" for "baigtas").
COMPLETED_WORDS = word_set(
    "completed complete finished done ready baigtas baigta ivykdytas ivykdyta paruostas atliktas pabeigts pabeigta "
    "gatavs izpildits zakonczone zakonczony gotowe ukonczone zrealizowane completato completata finito terminato "
    "pronto concluida concluido terminada terminado completa pronta выполнен выполнено завершен завершено готов "
    "готово закончен закончено"
)


def says_completed(text: str) -> bool:
    """ "The order is complete", "užsakymas baigtas" — also with one letter wrong in a long word."""
    if any(w in FUTURE_WORDS for w in _words(text)) or has_stem(text, CHANGE_STEMS):
        return False  # "zmień termin zamówienia na 23 grudnia" changes the deadline (it offered to complete)
    not_yet = ("hasnt", "hasn t", "has not", "havent", "not yet", "jeszcze nie", "ещё не", "еще не", "ainda nao",
               "ancora no", "ancora da", "dar ne", "vel ne")  # fmt: skip
    if asks_progress(text) or has_stem(text, (*NOT_FINISHED_STEMS, *not_yet)):
        return False  # "who hasn't finished yet?" asks (it offered to complete the order)
    if has_stem(text, COMPLETE_STEMS):
        return True
    words = [w for w in _words(text) if len(w) >= TYPO_MIN_LETTERS]
    return any(process.extractOne(w, COMPLETED_WORDS, scorer=OSA.distance, score_cutoff=1) for w in words)


# Lifting the price limit of the results shown: "any price", "sem limite de preço", "bez limitu", "без ограничения".
NO_LIMIT_PHRASES = _phrases(
    "any price; no limit; no price limit; without limit; without the limit; without a limit; without price limit; "
    "remove the limit; no budget limit; bet kokia kaina; be ribos; be kainos ribos; be limito; "
    "jebkura cena; bez ierobezojuma; bez limita; bez cenas ierobezojuma; "
    "bez limitu; bez ograniczen; bez limitu ceny; dowolna cena; "
    "senza limite; senza limiti; qualsiasi prezzo; senza limite di prezzo; "
    "sem limite; sem limite de preco; qualquer preco; sem limites; "
    "без ограничения; без ограничений; любая цена; без лимита; bez ogranichenij"
)


def lifts_price_limit(text: str) -> bool:
    """ "e sem limite de preço?", "any price": the price cap of the last search goes."""
    return _says(_meaningful(_words(text)), NO_LIMIT_PHRASES)


def asks_cheaper(text: str) -> bool:
    """At the start of a word only: "co z moim zapytaniem?" holds "tani" and asked for nothing cheaper."""
    return _starts_a_word(_words(text), CHEAPER_STEMS)


def picks_cheapest(text: str) -> bool:
    """ "the cheapest one", "o mais barato", "самый дешёвый": a short message that picks one result by price."""
    return 0 < len(_words(text)) <= POINTING_MAX_WORDS and has_stem(text, CHEAPEST_STEMS)


def price_cap(text: str) -> tuple[Decimal, str] | None:
    """A price ceiling ("iki 100 eurų", "under 100 euros", "не дороже 50 евро", "do 500 zł"): amount and
    currency (EUR when none is named), or None when the message names no capped price."""
    words = _words(text)

    def numbers_in(part: list[str]) -> bool:
        return any(any(c.isdigit() for c in w) for w in part)

    def capped_at(i: int) -> bool:
        after, before = words[i + 1 : i + 4], words[max(0, i - 2) : i]
        return numbers_in(after) or (words[i] in CAP_AFTER_WORDS and numbers_in(before))

    near = [i for i, w in enumerate(words) if w in PRICE_CAP_WORDS and capped_at(i) and not _of_a_result(words, i)]
    in_words = [i for i, w in enumerate(words) if w in PRICE_CAP_WORDS] if not near else []
    if in_words and not any(any(c.isdigit() for c in w) for w in words):
        found = extract_price(text)  # "fino a cento euro", "до ста евро": the amount in words, its currency named
        return (found.amount, found.currency) if found is not None else None
    if not near:  # "užduotis: atspausdinti 200 detalių iki penktadienio" is a deadline, not a cap
        return None
    found = extract_price(text)
    if found is not None:
        return found.amount, found.currency
    # No currency: the number after the ceiling word (or before "max"), unless a day word stands by it ("iki
    # penktadienio 18", "do 20 grudnia", "até dia 18" are dates; "pierwsza, 1 sztuka do 20 grudnia" has no cap)
    for i in near:
        around = words[i + 1 : i + 4] if words[i] not in CAP_AFTER_WORDS else words[max(0, i - 2) : i][::-1]
        number = next((w for w in around if _NUMBER_RE.fullmatch(w)), None)
        if number is not None and not _names_a_day(words, number):
            return Decimal(number), "EUR"
    return None


# "detalhes do 1", "fotos da 2", "szczegóły do 1"?: a noun of one result before "do" makes it "of the", no ceiling
# (the Portuguese "details of number 1" searched again with a price cap of 1 euro: nothing found).
RESULT_NOUNS: Final = word_set(
    "detalhes detalhe informacoes informacao info infos fotos foto fotografias descricao contacto contato morada "
    "escola oferta preco precos prazo details detail photos info szczegoly informacje zdjecia opis"
)


def _of_a_result(words: list[str], i: int) -> bool:
    return i > 0 and words[i - 1] in RESULT_NOUNS and words[i] in ("do", "da", "dos", "das")


_DAY_NOUNS: Final = word_set("dia il the day dnia den d diena dienos datums datumam числа")


def _names_a_day(words: list[str], number: str) -> bool:
    """Whether ``number`` stands next to a month, a weekday or a word for "day" ("20 grudnia", "friday 18")."""
    for i, word in enumerate(words):
        if word != number:
            continue
        neighbours = words[max(0, i - 1) : i] + words[i + 1 : i + 2]
        if any(month_of(w) or w in WEEKDAYS or w in WEEKDAYS_NEED_CONTEXT or w in _DAY_NOUNS for w in neighbours):
            return True
    return False


# "Direi un 4, …", "ставлю четыре, …", "daję 4", "I'd give it a 4", "duodu 5": a giving verb, then the mark (1–5)
# and nothing counted after it (it was searched for, or said goodbye, and the rating was lost). Folded word starts.
RATING_VERB_STARTS: Final = ("give", "gave", "rate", "direi", "darei", "daria", "dou", "daje", "stawiam", "ставлю",
                             "ставим", "даю", "даём", "stavlju", "duodu", "duociau", "vertinu", "dodu", "dotu",
                             "voto", "metto", "diamo",
                             # the mark named: "nota 3", "ocena 4", "оценка 5", "rating: 4", "score 5"
                             "nota", "ocena", "ocene", "оценк", "ocenk", "rating", "score", "punteggio",
                             "vertinim", "vertejum", "classifica")  # fmt: skip
# School marks said as nouns (folded): "ставлю четвёрку", "daję piątkę", "duodu penketą", "lieku piecinieku".
GRADE_NOUNS: Final = {
    **dict.fromkeys(("пятерка", "пятерку", "пятерочка", "пятерочку", "pyaterka", "pyaterku", "piatka", "piatke",
                     "piateczka", "piateczke", "penketas", "penketa", "penketuka", "piecinieks", "piecinieku"), 5),
    **dict.fromkeys(("четверка", "четверку", "chetverka", "chetverku", "czworka", "czworke", "ketvertas",
                     "ketverta", "cetrinieks", "cetrinieku"), 4),
    **dict.fromkeys(("тройка", "тройку", "troika", "troiku", "trojka", "trojke", "trejetas", "trejeta",
                     "trisnieks", "trisnieku"), 3),
    **dict.fromkeys(("двойка", "двойку", "dvoika", "dvoiku", "dwojka", "dwojke", "dvejetas", "dvejeta",
                     "divnieks", "divnieku"), 2),
    **dict.fromkeys(("единица", "единицу", "edinica", "edinicu", "jedynka", "jedynke", "vienetas", "vieneta",
                     "vieninieks", "vieninieku"), 1),
}  # fmt: skip
RATING_VERB_REACH: Final = 4  # the verb among the first words ("I would give it a 4")
RATING_NUMBER_REACH: Final = 3  # the mark within a few words after it


def _rating_given(text: str, language: str | None) -> tuple[int, str] | None:
    tokens = list(re.finditer(r"\S+", text))
    words = [" ".join(_words(t.group())) for t in tokens]
    numbers = number_words_for(language)  # all seven languages when none is given
    for i, word in enumerate(words[:RATING_VERB_REACH]):
        if not word.startswith(RATING_VERB_STARTS):
            continue
        for j in range(i + 1, min(len(words), i + 1 + RATING_NUMBER_REACH)):
            number = int(words[j]) if words[j].isdecimal() and len(words[j]) == 1 else numbers.get(words[j])
            number = number if number is not None else GRADE_NOUNS.get(words[j])
            if number is None:
                continue
            after = words[j + 1] if j + 1 < len(words) else ""
            ends = not after or re.search(r"[,.;:!?]$", tokens[j].group()) is not None or after in STAR_WORDS
            if not 1 <= number <= 5 or not ends:
                return None  # "give me 5 cakes": no mark
            rest = text[tokens[j].end() :]
            if after in STAR_WORDS:
                rest = text[tokens[j + 1].end() :]
            return number, rest.strip(" ,.!:;–—-")
    return None


def rating(text: str, language: str | None = None) -> tuple[int, str] | None:
    """Stars from a typed rating ("5 stars, great work", "★★★★", "5/5", "penkios žvaigždutės") and the
    rest of the message as the comment; None when the message gives no 1–5 rating."""
    stars = sum(1 for c in text if c in STAR_CHARS)
    words = _words(text)
    value: int | None = None
    match = re.search(r"(?<!\d)([1-5])\s*(?:/|из|iš|is|no|na|su|de|di|of|out of)\s*5(?!\d)", fold(text))
    if match:
        value = int(match.group(1))
    elif 1 <= stars <= 5:
        value = stars
    else:
        numbers = number_words_for(language) if language else {}
        for i, word in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else ""
            number = int(word) if word.isdecimal() and len(word) == 1 else numbers.get(word)
            if number is not None and 1 <= number <= 5 and following in STAR_WORDS:
                value = number
                break
    if value is None:
        given = _rating_given(text, language)
        if given is not None:
            return given
        return None
    comment = re.sub(r"[⭐★🌟☆]", "", text)
    comment = re.sub(r"(?<!\d)[1-5]\s*(?:/|из|iš|of|out of)\s*5(?!\d)", "", comment)
    tokens = list(re.finditer(r"\S+", comment))
    for first, second in reversed(list(pairwise(tokens))):  # "5 stars", "penkios žvaigždutės"
        if fold(second.group()).strip(".,!?;:") in STAR_WORDS:
            comment = comment[: first.start()] + comment[second.end() :]
    comment = re.sub(r"\s+([,.!?])", r"\1", " ".join(comment.split()))
    said = comment.split()
    for k, token in enumerate(said[:2]):  # "dou 5 estrelas, estava ótimo": the comment is "estava ótimo"
        if " ".join(_words(token)).startswith(RATING_VERB_STARTS):
            comment = " ".join(said[k + 1 :])
            break
    return value, comment.strip(" ,.!:;–—-")


def opening_rating(text: str, language: str | None = None) -> tuple[int, str] | None:
    """A number from 1 to 5 said first and alone ("five!!! super tasty", "четыре, немного опоздали", "4"), and the
    rest as the comment: a rating where one is awaited, however it is said. "5 more cakes" is no rating: the
    number must stand apart (the message's only word, or followed by a mark)."""
    tokens = text.split()
    if not tokens:
        return None
    first = tokens[0]
    bare = first.rstrip(".,!?;:)-–—")
    if len(tokens) > 1 and bare == first:
        return None
    folded = fold(bare)
    numbers = number_words_for(language) if language else {}
    value = int(folded) if folded.isdecimal() and len(folded) == 1 else numbers.get(folded, GRADE_NOUNS.get(folded))
    if value is None or not 1 <= value <= 5:
        return None
    return value, " ".join(tokens[1:]).strip(" ,.!:;–—-")


# Where an offer is delivered, typed at its draft: "var piegādāt arī uz Lietuvu", "tak, możemy wysłać też na Litwę",
# "Latvija, Lietuva", "only Italy". A delivery verb, or a short message of little but countries.
DELIVERY_STEMS: Final = ("deliver", "ship", "send", "pristat", "siust", "siunc", "atvez", "atvest", "atved", "piegad",
                         "sut", "nosut",
                         "dostaw", "dostarcz", "wysyl", "wysla", "consegn", "sped", "entreg", "envi", "достав",
                         "отправ", "высыл", "dostav", "otprav",
                         # "vai viņi strādā arī ar Jelgavu?", "do they work with Turin too?": where they serve
                         "strada ar", "strada ari ar", "work with", "works with", "работают с",
                         "pracuja z")  # fmt: skip
ONLY_WORDS = word_set("only just tik tikai tylko wylacznie solo solamente soltanto so somente apenas только лишь")
DELIVERY_COUNTRIES_MAX_WORDS: Final = 12


def delivery_countries(text: str) -> tuple[list[str], bool] | None:
    """The countries a message at an offer's draft says it delivers to, and whether "only" those; None when it
    names none, or names them in passing without a delivery verb in a longer message."""
    words = _words(text)
    codes = find_countries(text)
    if not codes or len(words) > DELIVERY_COUNTRIES_MAX_WORDS:
        return None
    if not has_stem(text, DELIVERY_STEMS) and len(words) > len(codes) + 3:
        return None
    return codes, bool(ONLY_WORDS & set(words))


def asks_delivery(text: str) -> bool:
    """A question whether an offer is delivered somewhere: "ar galit atvezti į Kauną?", "e entregam em Braga?",
    "can they deliver to Kaunas?", "а доставляете в Ригу?"."""
    return is_question(text) and len(_words(text)) <= DELIVERY_COUNTRIES_MAX_WORDS and has_stem(text, DELIVERY_STEMS)


# Invitations made in chat (bot/flows/invites.py): "invite a student", "pakviesti mokinį", "uzaicināt skolotāju",
# "zaproś ucznia", "invita uno studente", "convidar um aluno", "пригласить ученика"; "revoke invite 2",
# "atšaukti kvietimą 2", "отозвать приглашение 2". Stems, folded (Cyrillic kept), found inside a word
# ("pakviesti"); "kvietiniai" (of wheat) and "zaprojektować" (to design) are no invitation.
INVITE_STEMS: Final = ("invit", "kviet", "kvies", "uzaicin", "ielug", "ieludz", "zapros", "zaprasz", "convid",
                       "convit", "приглас", "приглаш")  # fmt: skip
# Wheat ("kvietiniai"), and the invited guests of a party ("80 convidados", "invitati", "приглашённые гости").
NOT_INVITE_WORDS: Final = ("kvietin", "kvieci", "kviestin", "invited", "invitee", "convidad", "zaproszon",
                           "приглашенн", "приглашённ")  # fmt: skip
NOT_INVITE_EXACT: Final = frozenset({"zaproszeni", "invitati", "invitato", "invitata"})  # "zaproszenie": an invitation
# Whole words that ask for a new invite without naming whom ("invite", "pakviesti", "пригласить").
INVITE_VERBS = word_set(
    "invite pakviesti pakviesk pakvieskite kviesti uzaicinat uzaicini uzaiciniet ielugt ieludz ieludziet zapros "
    "zaproscie zaprosic invita "
    "invitare invitate convidar convida convide пригласить пригласи пригласите"
)
INVITE_ROLE_STEMS: Final[dict[str, tuple[str, ...]]] = {
    "teacher": ("teacher", "mokytoj", "skolotaj", "pasniedzej", "nauczyciel", "insegnant", "docent", "professor",
                "учител", "преподавател", "педагог"),
    "student": ("student", "pupil", "mokin", "audzekn", "skolen", "uczni", "uczen", "studen", "alunn", "alun",
                "estudant", "учени", "студент"),
}  # fmt: skip
REVOKE_STEMS: Final = ("revok", "revoc", "revog", "withdraw", "cancel", "delete", "remove", "atsauk", "atsauc",
                       "panaikin", "istrin", "atcel", "dzes", "anul", "odwol", "uniewazn", "usun", "annull",
                       "elimin", "ritir", "apag", "отозв", "отмен", "удал", "аннул")  # fmt: skip
INVITE_MAX_WORDS: Final = 8
INVITE_ROLE_MAX_WORDS: Final = 6  # "please invite a new student to our school"
INVITE_VERB_MAX_WORDS: Final = 3  # "invite", "invite someone", "пригласить кого-нибудь"
# What may stand beside an invitation word when someone asks for their list ("my invites", "mano kvietimai",
# "покажи мои приглашения"); anything else ("wedding invitations") is about something else.
INVITE_LIST_WORDS = word_set(
    "my mine our open active show list see all mano musu galiojantys aktyvus rodyk parodyk visi visus mani musu "
    "aktivie paradi paradit visus moje moich nasze aktywne otwarte pokaz wszystkie i miei mie nostri aperti attivi "
    "mostra mostrami tutti meus minhas os as nossos abertos ativos mostrar mostra todos мои моих наши открытые "
    "активные покажи показать все"
)


@dataclass(frozen=True)
class InviteRequest:
    """What a short message asks of invitations: a new one (for ``role`` if it names one), to revoke one
    (number ``number`` of the list, if it names one), or the list of open ones."""

    action: Literal["new", "revoke", "list"]
    role: str | None = None
    number: int | None = None


def invite_role(text: str) -> str | None:
    """ "teacher" or "student" when a short message names just one of them ("a student", "mokinį", "учителя")."""
    words = _words(text)
    if not words or len(words) > INVITE_MAX_WORDS:
        return None
    named = [role for role, stems in INVITE_ROLE_STEMS.items() if any(w.startswith(stems) for w in words)]
    return named[0] if len(named) == 1 else None


def _names_invite(word: str) -> bool:
    if word.startswith(NOT_INVITE_WORDS) or word in NOT_INVITE_EXACT:
        return False
    return any(stem in word for stem in INVITE_STEMS)


def invite_request(text: str) -> InviteRequest | None:
    """An invitation request in a short message, or None when the message names no invitation at all."""
    words = _words(text)
    if not words or len(words) > INVITE_MAX_WORDS or not any(_names_invite(w) for w in words):
        return None
    if has_stem(text, REVOKE_STEMS):
        number = reference_number(text) or next((ORDINALS[w] for w in words if w in ORDINALS), None)
        return InviteRequest("revoke", number=number)
    # short, or it is a sentence that mentions inviting ("we can invite your team to see the workshop", an
    # answer to a company): that is relayed, not taken as a command
    role = invite_role(text)
    if role is not None:
        return InviteRequest("new", role) if len(words) <= INVITE_ROLE_MAX_WORDS else None
    if any(w in INVITE_VERBS for w in words) and len(_meaningful(words)) <= INVITE_VERB_MAX_WORDS:
        return InviteRequest("new")
    if all(_names_invite(w) or w in INVITE_LIST_WORDS or w in FILLER for w in words):
        return InviteRequest("list")
    return None


# How long something lasts, typed ("3 days", "7 dienos", "savaitė", "2 tygodnie", "un mese", "месяц"): a number
# (or "a" / none: one) and a unit; stems, folded. Bare numbers are read by the question's own number reading.
DURATION_STEMS: Final[dict[int, tuple[str, ...]]] = {
    1: ("day", "dien", "dzien", "dni", "giorn", "dia", "ден", "дня", "дне", "дн"),
    7: ("week", "savait", "nedel", "tydz", "tygod", "settiman", "seman", "недел"),
    30: ("month", "menuo", "menes", "miesi", "mese", "mesi", "meses", "месяц"),
}
DURATION_MAX_WORDS: Final = 6


def days_named(text: str, language: str | None = None) -> int | None:
    """The number of days a short message names with a unit ("3 days" → 3, "a week" → 7, "2 mėnesiai" → 60),
    or None when it names no day, week or month."""
    words = _meaningful(_words(text))
    if not words or len(words) > DURATION_MAX_WORDS:
        return None
    unit = next((days for w in words for days, stems in DURATION_STEMS.items() if w.startswith(stems)), None)
    if unit is None:
        return None
    numbers = number_words_for(language) if language else {}
    count = next((int(w) for w in words if w.isdecimal() and len(w) <= 4), None)
    if count is None:
        count = next((numbers[w] for w in words if w in numbers), 1)
    return count * unit


# How a teacher starts a task typed in words ("task for the 2nd-year group: bake 50 cakes by Friday").
TASK_WORDS = word_set(
    "task tasks uzduotis uzduoti uzduotys uzduoties uzduociai uzdevums uzdevumu uzdevumi uzdevuma uzdevumam "
    "zadanie zadania zadaniu zadaniem compito compiti tarefa tarefas "
    "задание задания заданию задача задачу задачи"
)
# A number that names an enquiry or order: "#4", "nr. 4", "užsakymą 4", "заказ 4".
_REFERENCE_RE = re.compile(r"(?:#|№|\bnr\.?\s*|\bno\.?\s*)?(?<![\d.,])(\d{1,7})(?![\d.,]\d)")


# "assegna agli studenti: …", "priskirk mokiniams: …", "назначь студентам: …": giving work to the learners, by
# its verb and the learners (any case) before a colon, opens a task as a task word does.
TASK_TO_LEARNERS_STEMS: Final = ("student", "mokin", "audzek", "uczni", "alun", "allievi", "ragazz", "formand",
                                 "студент", "учени", "учащ")  # fmt: skip


# Students spoken of as a group, in the plural of any case ("how are my students doing?", "kaip sekasi
# mokiniams?", "как дела у студентов?"): a teacher speaking about them, not to the one who asked.
STUDENTS_WORDS = word_set(
    "students pupils learners mokiniai mokiniams mokiniu mokinius mokiniais audzekni audzekniem audzeknu "
    "audzeknus uczniowie uczniow uczniom uczniami studenci studentow studentom studenti ragazzi alunni allievi "
    "alunos estudantes formandos студенты студентов студентам студентами ученики учеников ученикам учениками "
    "studenty studentov uchenik ucheniki uchenikov"
)


# I want / I'd like / I'm interested / a quote, first person, any of our languages (folded): a company's name never
# says it ("mi interessa, voglio chiedere un preventivo" at "What is its name?").
WISH_WORDS = word_set(
    "want wanna interested quote quotation voglio vorrei vogliamo vorremmo interessa interessato interessata "
    "preventivo quero queremos queria queriamos gostaria gostariamos orcamento chce chcemy chcialbym chcialabym "
    "chcielibysmy interesuje wycena wyceny wyceni хочу хотим хотел хотела хотели хотелось интересует "
    "noriu norime noreciau noretume noretumeme domina domiuosi gribu gribam gribetu gribetos gribetu interese"
)


def says_a_wish(text: str) -> bool:
    return any(word in WISH_WORDS for word in _words(text))


# Asking to rate, without the stars ("хочу поставить оценку школе", "I want to rate the school", "оцени",
# "noriu įvertinti", "chcę wystawić opinię", "vorrei lasciare una recensione", "quero avaliar").
# Word starts (a space inside: the phrase); "rate" alone is also a price ("the rate per hour").
RATE_STEMS: Final = ("rate the", "rate it", "rate you", "rate our", "to rate", "give a rating", "leave a rating",
                     "leave a review", "write a review", "ivertin", "atsiliepim", "novert", "atsauksm", "ocen",
                     "wystawic opini", "recension", "avaliar", "avaliac", "оцен", "отзыв", "otzyv")  # fmt: skip
RATE_MAX_WORDS: Final = 8


def asks_to_rate(text: str) -> bool:
    words = _words(text)
    joined = " " + " ".join(words) + " "
    return 0 < len(words) <= RATE_MAX_WORDS and any(f" {stem}" in joined for stem in RATE_STEMS)


# A student's words about their task, for the bot: how long is left ("how much time i have", "cik laika", "ile mam
# czasu", "сколько у меня времени"), and "not finished yet" ("dar nebaigiau", "я ещё не закончил", "non ho finito").
TIME_LEFT_PHRASES = _phrases(
    "how much time; how long do i have; how many days; when is it due; when is the deadline; "
    "kiek laiko; kiek dienu; iki kada; kada terminas; cik laika; cik ilgi; cik dienas; lidz kuram; kad termins; "
    "ile mam czasu; ile czasu; ile dni; do kiedy; kiedy termin; quanto tempo; quanti giorni; entro quando; "
    "quando scade; quanto tempo tenho; quantos dias; ate quando; quando e o prazo; сколько у меня времени; "
    "сколько времени; сколько дней; до какого числа; когда срок; до когда; "
    # session 17: "co mam robic i na kiedy?", "chto mne nado delat i do kakogo chisla?", "kada reik atiduot"
    "na kiedy; do kakogo chisla; do kakogo; kada reik atiduot; kada reik atiduoti; kada reikia atiduoti; "
    "kada atiduoti; kada atiduot; kad jaatdod; kad janodod; lidz kuram jaatdod"
)
NOT_FINISHED_STEMS: Final = ("not finished", "not done", "not ready", "havent finished", "didnt finish",
                             "nebaig", "dar ne", "neatlik", "nepabeig", "vel ne", "nav pabeigt", "neesmu pabeig",
                             "nie skonczy", "nie zrobi", "jeszcze nie", "niegotow", "non ho finito", "non ancora",
                             "non e pronto", "non e finito", "ainda nao", "nao terminei", "nao acabei",
                             "nao esta pronto", "не законч", "не готов", "не сделал", "еще не", "ещё не",
                             "не доделал", "недоделал", "ne dodelal", "nedodelal", "ne zakonchil")  # fmt: skip
NOT_UNDERSTOOD_STEMS: Final = ("dont understand", "do not understand", "didnt understand", "nesuprant", "nesaprot",
                               "nie rozumiem", "nie rozumie", "non capisco", "non ho capito", "nao entendo",
                               "nao percebo", "nao entendi", "не понимаю", "не понял", "не поняла", "nesaprat",
                               "nesuprat", "ne ponyal", "ne ponimayu", "neesu saprat", "neesmu saprat")  # fmt: skip
# "What do I do?", "ko darīt?", "а что делать", "ok un tālāk?": a student asking what the work is (the task list).
# Every phrase keeps two words once filler is left out ("and then", "e poi" would match any "and", "poi").
WHAT_TO_DO_PHRASES = _phrases(
    "what do i do; what should i do; what do i have to do; what now; what next; "
    "ka daryti; ka man daryti; ka turiu daryti; ka dabar; ka toliau; o toliau; "
    # as a student with dyslexia types them: "ka as turu darit", "kas tolau"
    "ka as turiu daryti; ka as turiu daryt; ka as turu darit; ka turu darit; ka turiu darit; ka man daryt; "
    "ka man darit; ka daryt; kas toliau; kas tolau; ka tolau; o tolau; ka dabr; "
    "ko darit; ka darit; ko man darit; kas jadara; ko tagad; ok un talak; un talak; kas talak; "
    "co mam robic; co robic; co teraz; co dalej; i co dalej; "
    "cosa devo fare; che devo fare; cosa faccio; "
    "o que faco; o que devo fazer; "
    "что делать; что мне делать; а что делать; что дальше; а дальше; ок а дальше; и что дальше; chto delat; "
    "shto delat; chto dalshe; chto mne nado delat; chto nado delat; chto mne delat"
)
STUDENT_WORDS_MAX: Final = 8


def asks_time_left(text: str) -> bool:
    words = _meaningful(_words(text))
    return 0 < len(words) <= STUDENT_WORDS_MAX and _says(words, TIME_LEFT_PHRASES)


def asks_what_to_do(text: str) -> bool:
    words = _meaningful(_words(text))
    return 0 < len(words) <= STUDENT_WORDS_MAX // 2 and _says(words, WHAT_TO_DO_PHRASES)


# A student who is ill, late or cannot come: "as sergu, negalesiu rytoj", "es esmu slims", "опоздаю", "sono malato"
# (word starts, folded; it was searched for, said goodbye or "OK", and the teacher never knew).
ABSENT_WORDS = word_set("sick ill late unwell")
ABSENT_WORD_STARTS: Final = ("serg", "susirg", "sirg", "veluos", "veluoj", "veluosiu", "vieluo", "negalesiu", "pavelu",
                             "slimo",
                             "kaves",
                             "nespesiu", "nespeju", "slims", "slima", "saslim", "kavesos", "kaveju", "nevaresu",
                             "chory", "chora", "zachorow", "spozni", "malat", "ritardo", "doente", "atrasad",
                             "atraso", "болею", "болен", "больн", "болит", "заболе", "опозда", "опазда",
                             "опаздыва", "boleju", "bolen", "bolna", "bolit", "zabole", "opozda", "opazda",
                             "opazdy", "opozdy")  # fmt: skip
ABSENT_PHRASES = _phrases(
    # not in time: "nesuspėsiu iki trečiadienio" (said goodbye to a student, the teacher never knew), "не успею"
    "nesuspesiu; nesuspeju; nespesiu; nepaspesu; nepaspeju; nie zdaze; nie zdazymy; non faccio in tempo; "
    "nao vou conseguir; nao consigo acabar; nao consigo terminar; не успею; не успеваю; ne uspeyu; "
    "can t come; cant come; cannot come; won t make it; wont make it; not coming; negalesiu ateiti; neateisiu; "
    "nevaresu atnakt; nevaru atnakt; nevaru ierasties; neatnaksu; nie moge przyjsc; nie przyjde; nie dam rady; "
    "non posso venire; non vengo; "
    "non ce la faccio; nao posso ir; nao vou; nao consigo ir; не смогу; не приду; ne smogu; ne pridu"
)


def says_absent(text: str) -> bool:
    """A student says they are ill, late or cannot come (the teacher should know)."""
    words = _words(text)
    return any(w in ABSENT_WORDS or w.startswith(ABSENT_WORD_STARTS) for w in words) or _says(words, ABSENT_PHRASES)


def says_not_finished(text: str) -> bool:
    return has_stem(text, NOT_FINISHED_STEMS)


def says_not_understood(text: str) -> bool:
    return len(_words(text)) <= STUDENT_WORDS_MAX and has_stem(text, NOT_UNDERSTOOD_STEMS)


# "какой статус?", "what's the status?", "koks statusas?", "kāds ir statuss?", "jaki status?", "qual è lo stato?",
# "qual o estado?", "kas su mano užklausa?": a question to the bot about one's enquiries, never for the other side.
STATUS_STEMS: Final = ("status", "statusa", "statuss", "stato", "estado", "статус", "ka veicas", "kas su mano",
                       "co z moim", "co z moja", "что с моим", "что с моей", "что с заказом", "what s happening",
                       "whats happening", "a che punto", "como esta o", "how is my",
                       # "labas, kas naujo?" right after a new enquiry (it reached the company as the answer)
                       "kas naujo", "kas jauns", "what s new", "whats new", "anything new", "co nowego",
                       "cosa c e di nuovo", "novita", "o que ha de novo", "alguma novidade", "что нового",
                       "chto novogo",
                       # "kiedy będzie gotowy?", "when will it be ready?": asked of the bot after one's own message
                       "when will it be ready", "when is it ready", "kiedy bedzie gotow", "kada bus paruost",
                       "kada bus gatav", "kad bus gatav", "quando sara pront", "quando fica pront",
                       "quando estara pront", "когда будет готов", "kogda budet gotov",
                       # "any news?", "novidades?", "est novosti po zakazu?" right after the acceptance (relayed)
                       "any news", "news on", "novidade", "novosti", "новост", "naujien", "kadas zinas", "wiesci",
                       "nowiny", "notizie",
                       # "szkoła odpowiedziała?", "did they reply?": whether the school answered, asked of the bot
                       "odpowiedzial", "odpowiedzieli", "odpisal", "odpisali", "did they reply", "did they answer",
                       "have they replied", "has the school replied", "hanno risposto", "ha risposto", "respondeu",
                       "responderam", "atsake", "atbildeja", "ответил", "otvetil")  # fmt: skip
STATUS_MAX_WORDS: Final = 7


def asks_status(text: str) -> bool:
    words = _words(text)
    return 0 < len(words) <= STATUS_MAX_WORDS and is_question(text) and has_stem(text, STATUS_STEMS)


def names_students(text: str) -> bool:
    return any(word in STUDENTS_WORDS for word in _words(text))


# "How …" and "progress" words: "how are my students doing?", "kaip sekasi mokiniams?", "come stanno i ragazzi?",
# "как там ученики?", "jak idzie uczniom?", "progress of the students".
HOW_WORDS = word_set("how hows kaip ka kak jak come como как progress pazanga progresas progres postep postepy "
                     "progresso progressi прогресс успехи")  # fmt: skip
HOW_STUDENTS_MAX_WORDS = 9


WHO_WORDS = word_set("who whos kas kuris kurie kurs kuri kto ktory ktorzy chi quem кто")


def asks_progress(text: str) -> bool:
    """A question about how far the work is: "who hasn't finished yet?", "how is the keychain order going?", "kas
    dar nebaigė?", "jak idzie zamówienie?", "как там заказ?" (a search, or an offer to complete the order)."""
    words = _words(text)
    if not (0 < len(words) <= HOW_STUDENTS_MAX_WORDS and is_question(text)):
        return False
    who = words[0] in WHO_WORDS or (len(words) > 1 and words[1] in WHO_WORDS)
    if who and (has_stem(text, NOT_FINISHED_STEMS) or has_stem(text, COMPLETE_STEMS) or _finish_word(words)):
        return True
    how = any(w in HOW_WORDS for w in words) and not any(w in ("much", "many") for w in words)  # a price, a count
    how = how or _says(words, PROGRESS_PHRASES)  # "на каком этапе заказ?"
    return how and has_stem(text, CANCEL_ORDER_STEMS + CANCEL_EITHER_STEMS)


def _finish_word(words: list[str]) -> bool:
    return any(w.startswith(("finish", "done", "baig", "pabeig", "pabeid", "skoncz", "fini", "termin", "acab", "законч",
                             "сдел"))
               for w in words)  # fmt: skip


# "How far along": "a che punto sono gli studenti?", "на каком этапе заказ?" (the enquiries were listed).
PROGRESS_PHRASES = _phrases(
    "a che punto; at what stage; how far along; na jakim etapie; na jakim jest etapie; на каком этапе; "
    "na kakom etape; em que ponto; em que fase; kokioje stadijoje; kokiame etape; kada stadija; kada posma"
)


def asks_how_students_do(text: str) -> bool:
    """A short question about how the students are getting on (a teacher's; the orders with their tasks answer)."""
    words = _words(text)
    return (
        0 < len(words) <= HOW_STUDENTS_MAX_WORDS
        and (is_question(text) or words[0] in HOW_WORDS)
        and (any(w in HOW_WORDS for w in words) or _says(words, PROGRESS_PHRASES))
        and not any(w in ("much", "many") for w in words)  # "how much for 20 students?" asks a price
        and names_students(text)
    )


def starts_task(text: str) -> str | None:
    """The task described after a task word that opens the message ("task: bake 50 cakes" → "bake 50 cakes"),
    "" when nothing follows it ("add a task", "pridėk užduotį"), or None when the message does not open with one."""
    words = _words(text)
    head = _words(text.partition(":")[0]) if ":" in text else []
    to_learners = (
        0 < len(head) <= 4
        and head[0] in TASK_VERBS["add"]
        and any(w.startswith(TASK_TO_LEARNERS_STEMS) for w in head[1:])
    )
    lead = next((i for i, w in enumerate(words[:5]) if w in TASK_WORDS), None)
    added = lead is not None and all(w in TASK_VERBS["add"] or w in NEW_TASK_WORDS for w in words[:lead])
    if not to_learners and (lead is None or (lead >= 3 and not added)):  # "pridėk dar vieną užduotį: …" opens one
        return None
    opening = next(i for i, w in enumerate(words) if w in TASK_WORDS or to_learners)
    if ":" not in text and opening + 1 < len(words) and words[opening + 1].isdecimal():
        return None  # "uzdevums 2 nav pabeigts, atver to atkal": about task 2, never a new task so named
    _head, sep, rest = text.partition(":")
    tokens = text.split()
    at = next((i for i, t in enumerate(tokens) if " ".join(_words(t)) in TASK_WORDS), 0)
    described = rest if sep else " ".join(tokens[at + 1 :] if not to_learners else tokens[1:])
    return " ".join(described.split())  # "" for "add a task": the task's title is asked


# Splitting an order into several tasks listed after a colon: "divide em 3 tarefas: preparar a massa, fazer o
# recheio, embalar", "split the order into tasks: modelling; printing; quality check", "padalink į užduotis: 1) …".
SPLIT_STEMS: Final = ("split", "divid", "break", "padalin", "padalyk", "isskaid", "sadal", "podziel", "rozdziel",
                      "separ", "suddivid", "раздел", "разбе", "razdel", "razbe")  # fmt: skip
_LISTED_ITEM = re.compile(r"\s*(?:[,;\n]|\s(?:and|e|i|ir|un|и|oraz|y)\s)\s*(?:\d{1,2}[.)]\s*)?|(?:^|\s)\d{1,2}[.)]\s*")
LISTED_MAX: Final = 8


def tasks_listed(text: str) -> list[str] | None:
    """The tasks a message lists after a colon whose head names tasks and asks to split (or counts them: "add 3
    tasks: …"); None unless two to eight are listed. (One task was made titled with the whole sentence.)"""
    head, colon, tail = text.partition(":")
    words = _words(head)
    if not colon or not any(w in TASK_WORDS for w in words):
        return None
    if not any(w.startswith(SPLIT_STEMS) for w in words) and not any(w.isdecimal() for w in words):
        return None
    items = [" ".join(i.split()).strip(" .") for i in _LISTED_ITEM.split(tail)]
    items = [i for i in items if i]
    return items if 2 <= len(items) <= LISTED_MAX else None


def names_no_work(text: str) -> bool:
    """ "uczniom", "for the students", "visiems mokiniams": words of whom a task is for, and nothing to do (a task
    was titled "uczniom" from "przypisz zadania uczniom")."""
    words = _meaningful(_words(text))
    return bool(words) and all(
        w in TASK_WORDS or w.startswith(TASK_TO_LEARNERS_STEMS) or w in STOP_WORDS or w in _FOR_ALL for w in words
    )


_FOR_ALL: Final = word_set("all everyone visi visiems visi visiem wszystkim wszyscy tutti todos всем all the")


def says_task(text: str) -> bool:
    """The words speak of a task or of the students ("tasks for the students", "užduotis mokiniams", "для учеников")."""
    return any(w in TASK_WORDS or w.startswith(TASK_TO_LEARNERS_STEMS) for w in _words(text))


# A teacher's change to a task given out (bot/flows/task_edit.py): the verb opens the message, a task word
# follows. Imperatives as people type them, folded ("perkelk", "przenieś" → "przenies", "удали").
TaskVerb = Literal["move", "delete", "rename", "add"]
TASK_VERBS: dict[TaskVerb, frozenset[str]] = {
    "move": word_set(
        "move postpone reschedule delay shift push "
        "perkelk perkelkite perkelti perkeliam atidek atidekite nukelk nukelkite "
        "parcel parceliet parcelt atliec atlieciet "
        "przenies przeniescie przeniesc przesun przesuncie przesunac "
        "sposta spostate spostare sposti rimanda rimandate rinvia "
        "muda mude mudar adia adie adiar move mova "
        "перенеси перенесите перенести сдвинь сдвиньте отложи отложите "
        # a new date in two words ("zmień termin zadania na piątek")
        "change_date change_deadline pakeisk_termina pakeiskite_termina pakeisk_data maini_terminu mainiet_terminu "
        "zmien_termin zmiencie_termin zmien_date cambia_data cambia_scadenza muda_data mude_data altera_data "
        "измени_срок измените_срок поменяй_срок измени_дату"
    ),
    "delete": word_set(
        "delete remove drop unassign "
        "istrink istrinkite istrinti pasalink pasalinkite pasalinti nuimk nuimkite nuimti isimk isimkite isimti "
        "dzes dzesiet dzest izdzes izdzesiet izdzest nonem nonemiet "
        "usun usuncie usunac skasuj skasujcie "
        "elimina eliminate eliminare cancella cancellate togli togliete rimuovi "
        "apaga apague apagar elimine eliminar remova retira retire "
        "удали удалите удалить убери уберите сними снимите"
    ),
    "rename": word_set(
        "rename retitle pervadink pervadinkite pervadinti parsauc parsauciet parsaukt "
        "nazwij zmien_nazwe rinomina rinominate renomeia renomeie renomear переименуй переименуйте"
    ),
    "add": word_set(
        "add assign give pridek pridekite priskirk priskirkite duok duokite pievieno pievienojiet pieskir "
        "pieskiriet dodaj dodajcie przypisz aggiungi aggiungete assegna assegnate adiciona adicione acrescenta "
        "acrescente atribui atribua добавь добавьте назначь назначьте дай дайте"
    ),
}
# Between "add" and the task word of a new task: "add a task", "add another task", "dodaj kolejne zadanie".
NEW_TASK_WORDS = word_set(
    "a an one another new more extra next additional dar viena viena kita kitas nauja papildoma vel vienu jaunu citu "
    "kolejne nowe jeszcze jedno inne nastepne un uno una altro altra nuovo nuova outra outro nova novo mais uma um "
    "ещё еще одно одну новое новую другое другую"
)
# What may stand between the task and what follows: "to Monday", "į pirmadienį", ": Bake 60 cakes".
TASK_CONNECTORS = word_set("to into for as till until i iki uz lidz par na do a al alla per para em ate в на до")


@dataclass(frozen=True)
class TaskCommand:
    """A teacher's typed change: the verb, the task's number if said ("task 2", "the second task"), and what
    follows the task (a date, a new title, names) as typed."""

    verb: TaskVerb
    number: int | None
    rest: str


# A task's field named in a change: its date or its title ("pakeisk 2 užduoties terminą į …", "cambia il titolo del
# compito 1 in …", "muda o nome da tarefa 1 para …").
TASK_DATE_FIELD_STEMS: Final = ("date", "deadline", "due", "termin", "data", "datu", "scadenz", "prazo", "срок",
                                "дат")  # fmt: skip
TASK_TITLE_FIELD_STEMS: Final = ("title", "name", "pavadinim", "nosaukum", "tytul", "nazw", "titolo", "nome",
                                 "titulo", "назван")  # fmt: skip
TASK_FIELD_MAX_WORDS: Final = 20


def task_command(text: str) -> TaskCommand | None:
    """ "move the task to Monday", "delete task 2", "rename task 1: Bake 60 cakes", "add Ona to task 2",
    "perkelk užduotį į pirmadienį", "удали задание 2"; None for anything else. "add task: bake cakes" is a new
    task, not a change (the task word right after "add", without a number). A field named with a change verb
    ("change the date of task 2 to 20 March", "pakeisk 2 užduoties terminą į kovo 20") is a move or a rename."""
    command = _task_command(text)
    said = text[: text.find(command.rest)] if command is not None and command.rest else text
    if command is not None and command.verb == "move" and has_stem(said, TASK_TITLE_FIELD_STEMS):
        command = None  # "muda o nome da tarefa 1 para …": the title, not the date ("muda" moves too)
    return command or _task_field_change(text)


def _task_field_change(text: str) -> TaskCommand | None:
    """ "change the date of task 2 to 20 March", "pakeisk antros užduoties datą į kovo 20", "mainīt 2. uzdevuma
    termiņu uz 20. martu", "cambia il titolo del compito 1 in …": a change verb, a task word with its number,
    one field (date or title), and the new value after the word that joins it (it made a new task of the words)."""
    words = _words(text)
    if not words or len(words) > TASK_FIELD_MAX_WORDS or not has_stem(text, (*CHANGE_STEMS, "mainit", "mainiet")):
        return None
    at = next((i for i, w in enumerate(words) if w in TASK_WORDS), None)
    if at is None:
        return None
    number: int | None = None
    for i in (at - 1, at + 1):
        if 0 <= i < len(words) and words[i].isdecimal() and len(words[i]) <= 2:
            number = int(words[i])
    if number is None and at and words[at - 1] in ORDINALS:
        number = ORDINALS[words[at - 1]]
    dated, titled = has_stem(text, TASK_DATE_FIELD_STEMS), has_stem(text, TASK_TITLE_FIELD_STEMS)
    if dated == titled:
        return None
    found = list((_TASK_DATE_AFTER if dated else _NEW_VALUE_AFTER).finditer(text))
    value = text[found[-1].end() :].strip(" :;,-–—\"'«»„“”") if found else ""
    if not value:
        return None
    return TaskCommand("move" if dated else "rename", number, value)


# Before a task's new date, also "al", "ao", "à", "do", "до": "cambia la scadenza del compito 2 al 25 gennaio" (an
# offer's field keeps the narrower joiners: "il prezzo a 5 euro al chilo" is a price, not "chilo")
_TASK_DATE_AFTER = re.compile(r"\s(?:to|into|uz|na|in|a|al|alla|ao|à|do|para|para o|para a|на|до|i|į|:)\s+",
                              re.IGNORECASE)  # fmt: skip


TASK_WORD_REACH: Final = 7


def _task_command(text: str) -> TaskCommand | None:
    tokens = text.split()
    if not tokens or len(tokens) > 40:
        return None
    folded = [" ".join(_words(t)) for t in tokens]
    start = 1 if folded[0] in FILLER and len(tokens) > 1 else 0
    two = "_".join(folded[start : start + 2])
    verb = next((v for v, words in TASK_VERBS.items() if folded[start] in words or two in words), None)
    if verb is None:
        return None
    after = start + (2 if two in TASK_VERBS[verb] else 1)
    # the task word within a few words, a student's full name between ("nuimk Console Student A nuo šios užduoties")
    at = next((i for i in range(after, min(len(tokens), after + TASK_WORD_REACH)) if folded[i] in TASK_WORDS), None)
    if at is None:
        return None
    number: int | None = None
    rest_from = at + 1
    if rest_from < len(tokens) and folded[rest_from].isdecimal() and len(folded[rest_from]) <= 3:
        number, rest_from = int(folded[rest_from]), rest_from + 1
    elif at > after and folded[at - 1] in ORDINALS:  # "the second task", "antrą užduotį"
        number = ORDINALS[folded[at - 1]]
    if verb == "add" and number is None and all(w in NEW_TASK_WORDS for w in folded[after:at]):
        return None  # "add task: …", "add another task: …", "pridėk naują užduotį": a new task, not a change
    rest = tokens[rest_from:]
    while rest and (not _words(rest[0]) or " ".join(_words(rest[0])) in TASK_CONNECTORS):
        rest = rest[1:]
    return TaskCommand(verb, number, " ".join(rest).strip(" :;,-–—\"'«»„“”"))


# The verb of enquiring: "enquire about 1" picks a result, it names no enquiry (it searched for "enquire about").
ENQUIRE_VERBS = word_set("enquire inquire")


def names_numbered(text: str) -> bool:
    """ "o pedido 14", "l'ordine 2", "заказ 3", "order #12": an enquiry or order named by its number."""
    if reference_number(text) is None:
        return False
    nouns = " ".join(w for w in _words(text) if w not in ENQUIRE_VERBS)
    return has_stem(nouns, CANCEL_ORDER_STEMS + CANCEL_ENQUIRY_STEMS)


def reference_number(text: str) -> int | None:
    """The number a short command refers to ("priimu užsakymą 4", "accept #12"), if it names one."""
    match = _REFERENCE_RE.search(fold(text))
    return int(match.group(1)) if match else None


# Words that open a question ("what colour…", "kokios spalvos…", "czy mogę…", "что делать…").
QUESTION_OPENERS = word_set(
    "what which how when where who why can could should do does is are may shall "
    "ka kas kokia koks kokio kokios kaip kada kur kodel ar kiek kuri kuris kuria galima reikia "
    "ko kads kada kura kurs ka kapec kad kur vai cik "
    "co jaki jaka jakie jak kiedy gdzie kto dlaczego czy ile ktory ktora mozna trzeba "
    "cosa che quale quali come quando dove chi perche posso possiamo devo dobbiamo quanto quanti "
    "o que qual quais como quando onde quem porque posso podemos devo devemos quanto quantos "
    "что какой какая какие как когда где кто почему зачем можно нужно сколько ли"
)


def is_question(text: str) -> bool:
    """A question mark, or a question word first: "What colour should the icing be", "kokios spalvos glajus"."""
    if "?" in text:
        return True
    words = _words(text)
    return bool(words) and words[0] in QUESTION_OPENERS


# A student's message for the teacher: it names the teacher or calls itself a question ("pytanie do nauczyciela",
# "jautājums skolotājam", "вопрос учителю"), misspelt as dyslexic students write ("pytnaie", "впорос").
TEACHER_QUESTION_WORDS = word_set(
    "teacher teachers question questions mokytoja mokytojau mokytojui mokytojo klausimas klausima klausimu "
    "skolotaj skolotaja skolotajam skolotajs skolotajai jautajums jautajumu jautajumi "
    "nauczyciel nauczyciela nauczycielu nauczycielki pytanie pytania pani pana "
    "insegnante prof professore professoressa domanda domande "
    "professor professora stor stora pergunta perguntas "
    "учитель учителю учителя учительнице преподавателю преподаватель вопрос вопросы"
)
# "I don't understand": a student who writes it about a task needs the teacher, not the bot's help text.
CONFUSED_PHRASES = _phrases(
    "i dont understand; dont understand; i do not understand; not clear; unclear; "
    "nesuprantu; nesupratau; neaisku; nesaprotu; nesapratu; nav skaidrs; nie rozumiem; nie wiem jak; niejasne; "
    "non capisco; non ho capito; non e chiaro; nao percebi; nao percebo; nao entendi; nao entendo; "
    "не понял; не поняла; не понимаю; непонятно; не ясно"
)
# Question words that open a question even after a filler or two ("a co mam…", "а чо делать", "e que cor…").
QUESTION_WORDS_INSIDE = word_set(
    "what which how when where why ka kokia koks kokios kokio kaip kada kur kodel kiek ko kada kura kads kapec cik "
    "co jaki jaka jakie jak kiedy gdzie dlaczego ile cosa quale quali come quando dove perche quanto "
    "que qual quais como onde quanto что чо че чё шо какой какая какие какого каким как когда где почему сколько"
)
QUESTION_WORD_WINDOW: Final = 3


QUESTION_NOUNS = word_set("question klausimas klausima jautajums jautajumu pytanie domanda pergunta вопрос")
# What may stand around "a question" in "I have a question" without asking anything yet.
_ANNOUNCING = word_set("i have a one got man ir turiu as mam ja ho una tenho uma eu у меня есть один to for the "
                       "please prasau ludzu prosze per favore por favor пожалуйста")  # fmt: skip


def announces_question(text: str) -> bool:
    """ "man ir jautājums", "I have a question", "у меня вопрос": a question is coming, not yet asked."""
    words = _words(text)
    only_saying = all(w in QUESTION_NOUNS or w in _ANNOUNCING or w in TEACHER_QUESTION_WORDS or w in FILLER
                      for w in words)  # fmt: skip
    return bool(words) and only_saying and any(w in QUESTION_NOUNS for w in words)


def asks_the_teacher(text: str) -> bool:
    """ "pytanie do nauczyciela…", "jautajums skolotajam: …", "у меня впорос…": the words say it is for the teacher."""
    words = _words(text)
    if any(w in TEACHER_QUESTION_WORDS for w in words):
        return True
    return any(
        len(w) >= 5 and process.extractOne(w, TEACHER_QUESTION_WORDS, scorer=OSA.distance, score_cutoff=1)
        for w in words
    )


def student_question(text: str) -> bool:
    """A student's question about a task, as typed: a question mark, a question word among the first few words,
    "I don't understand", or words that say it is for the teacher."""
    if is_question(text) or asks_the_teacher(text):
        return True
    words = _words(text)
    if any(_starts_with(words[i:], CONFUSED_PHRASES) for i in range(len(words))):
        return True
    return any(w in QUESTION_WORDS_INSIDE for w in words[:QUESTION_WORD_WINDOW])


# Asking the bot to pass words on to the other side of an enquiry: "tell the client that the label is included",
# "napisz do firmy, że…", "diga ao cliente que…", "odpowiadam: …"; with nothing after it ("noriu parašyti
# mokyklai") it asks to write. A verb and whom it is for (or an "I answer:" that needs nobody named).
RELAY_PHRASES = _phrases(
    "tell the client; tell the customer; tell the company; tell the school; tell the teacher; tell them; "
    "write to the client; write to the customer; write to the company; write to the school; write to the teacher; "
    "write to them; reply to the client; reply to the customer; reply to the company; reply to the school; "
    "answer the client; answer the customer; message the client; message the company; message the school; "
    "i want to write to the school; i want to write to the company; i want to reply; i want to answer; "
    "my answer; my reply; "
    "pasakyk klientui; pasakykite klientui; pasakyk imonei; pasakykite imonei; pasakyk mokyklai; "
    "parasyk klientui; parasykite klientui; parasyk imonei; parasykite imonei; parasyk mokyklai; parasykite mokyklai; "
    "atsakyk klientui; atsakykite klientui; perduok klientui; perduokite klientui; perduok mokyklai; "
    "noriu parasyti mokyklai; noriu parasyti imonei; noriu parasyti klientui; noriu atsakyti; atsakau; mano atsakymas; "
    "pasaki klientam; pasakiet klientam; uzraksti klientam; uzrakstiet klientam; uzraksti skolai; uzrakstiet skolai; "
    "uzraksti uznemumam; atbildi klientam; atbildiet klientam; nodod klientam; nododiet klientam; "
    "gribu uzrakstit skolai; gribu uzrakstit klientam; gribu atbildet; atbildu; mana atbilde; "
    "powiedz klientowi; powiedzcie klientowi; napisz do klienta; napiszcie do klienta; napisz do firmy; "
    "napisz do szkoly; odpowiedz klientowi; odpowiedzcie klientowi; przekaz klientowi; przekazcie klientowi; "
    "przekaz szkole; chce napisac do szkoly; chce napisac do firmy; chce napisac do klienta; chce odpowiedziec; "
    "odpowiadam; moja odpowiedz; "
    "di al cliente; dica al cliente; dite al cliente; scrivi al cliente; scriva al cliente; scrivete al cliente; "
    "scrivi alla scuola; scrivi all azienda; rispondi al cliente; risponda al cliente; riferisci al cliente; "
    "voglio scrivere alla scuola; voglio scrivere al cliente; voglio rispondere; rispondo; la mia risposta; "
    "diga ao cliente; diz ao cliente; digam ao cliente; escreva ao cliente; escreve ao cliente; escreva a escola; "
    "escreve a escola; escreva a empresa; responda ao cliente; responde ao cliente; "
    "quero escrever a escola; quero escrever ao cliente; quero responder; respondo; a minha resposta; minha resposta; "
    "скажи клиенту; скажите клиенту; напиши клиенту; напишите клиенту; напиши школе; напишите школе; "
    "напиши компании; напишите компании; ответь клиенту; ответьте клиенту; передай клиенту; передайте клиенту; "
    "передай школе; передайте школе; хочу написать школе; хочу написать клиенту; хочу ответить; отвечаю; мой ответ; "
    # to the school or the company by the other forms of address (a blind tester's "pasakiet skolai, ka…")
    # a bare "reply:", "odpowiedz: …", "ответить: …", "klientui: …" opening the words (an offer draft, a search)
    "reply; answer; atsakyk; atsakykite; atbildi; atbildiet; odpowiedz; odpowiedzcie; rispondi; risponda; "
    "rispondete; responda; responde; ответь; ответьте; ответить; otvet; otvetit; otvette; "
    "rispondi all azienda; rispondi alla scuola; responda a escola; responda a empresa; odpowiedz firmie; "
    "odpowiedz szkole; klientui; klientam; klientowi; al cliente; ao cliente; клиенту; klientu; "
    "pasakykite mokyklai; perduokite mokyklai; atsakyk mokyklai; atsakykite mokyklai; pasakyk mokytojui; "
    "pasakykite mokytojui; parasyk mokytojui; parasykite mokytojui; "
    "pasaki skolai; pasakiet skolai; pastasti skolai; pastastiet skolai; nodod skolai; nododiet skolai; "
    "atbildi skolai; atbildiet skolai; pasaki uznemumam; pasakiet uznemumam; uzrakstiet uznemumam; "
    "pasaki skolotajam; pasakiet skolotajam; "
    "powiedz szkole; powiedzcie szkole; przekazcie szkole; napiszcie do szkoly; napisz do nauczyciela; "
    "powiedz firmie; przekaz firmie; odpowiedz szkole; "
    "di alla scuola; dica alla scuola; dite alla scuola; riferisci alla scuola; scriva alla scuola; "
    "di all azienda; dica all azienda; scriva all azienda; rispondi alla scuola; "
    "diga a escola; diz a escola; digam a escola; diga a empresa; diz a empresa; responda a escola; "
    "escreve a empresa; responde a empresa; responde a escola; responder a empresa; responder ao cliente; "
    "responder ao pedido; responde ao pedido; responda ao pedido; "
    # session 17: "atsakyk imonei kad …", "responde à empresa: …" reached the company with those words
    "atsakyk imonei; atsakykite imonei; pasakyk imonei; pasakykite imonei; parasyk imonei; parasykite imonei; "
    "скажи школе; скажите школе; передай компании; передайте компании; скажи компании; скажите компании; "
    "ответь школе; ответьте школе; напиши учителю; напишите учителю; "
    # "let … know", "inform …" and the prepositional forms (blind testers: "напишите в школу, что я приеду в 12")
    "let the client know; let the customer know; let the school know; inform the client; inform the customer; "
    "inform the school; notify the client; notify the customer; "
    "pranesk klientui; praneskite klientui; pranesk mokyklai; praneskite mokyklai; informuok klienta; "
    "pazino klientam; pazinojiet klientam; pazino skolai; pazinojiet skolai; informe klientu; "
    "powiadom klienta; powiadomcie klienta; poinformuj klienta; poinformujcie klienta; poinformuj szkole; "
    "avvisa il cliente; avvisate il cliente; avvisi il cliente; informa il cliente; informi il cliente; "
    "avvisa la scuola; informa la scuola; "
    "avisa o cliente; avise o cliente; informa o cliente; informe o cliente; avisa a escola; avise a escola; "
    "напиши в школу; напишите в школу; напиши в компанию; напишите в компанию; сообщи школе; сообщите школе; "
    "сообщи клиенту; сообщите клиенту; сообщите в школу; передайте в школу; napishite v shkolu; soobshite shkole"
)
# What may join the request to the words passed on: "tell the client *that* …", "napisz do firmy, *że* …".
RELAY_JOINERS = word_set("that ze kad jog ka lai que che что чтобы")
# Whom the words go to, after a bare reply verb: "rispondi all'azienda: …" ("all'azienda" is one token).
RELAY_ADDRESSEES = frozenset(
    {"all azienda", "al cliente", "alla scuola", "all insegnante", "a escola", "a empresa", "ao cliente"}
)


RELAY_SHORT_WORDS: Final = 2  # "noriu parašyti mokyklai iš Krokuvos": a few words after, no ":", name the school
# A teacher's answer to a student in so many words: "atsakyk mokiniui: pirma išvalyk dulkes", "скажи ученику, что
# коробки не нужны" (bot/flows/task_talk.py: it answers the newest question a student asked).
STUDENT_REPLY_PHRASES = _phrases(
    "answer the student; reply to the student; tell the student; write to the student; "
    "atsakyk mokiniui; atsakykite mokiniui; pasakyk mokiniui; pasakykite mokiniui; parasyk mokiniui; "
    "parasykite mokiniui; atsakyk studentui; pasakyk studentui; "
    "atbildi audzeknim; atbildiet audzeknim; pasaki audzeknim; pasakiet audzeknim; uzraksti audzeknim; "
    "odpowiedz uczniowi; odpowiedzcie uczniowi; powiedz uczniowi; napisz do ucznia; przekaz uczniowi; "
    "rispondi allo studente; risponda allo studente; di allo studente; dica allo studente; scrivi allo studente; "
    "rispondi all alunno; di all alunno; "
    "responde ao aluno; responda ao aluno; diga ao aluno; diz ao aluno; escreve ao aluno; escreva ao aluno; "
    "ответь ученику; ответьте ученику; скажи ученику; скажите ученику; напиши ученику; напишите ученику; "
    "ответь студенту; скажи студенту; передай ученику; otvet ucheniku; skazhi ucheniku"
)


def relay_request(text: str) -> str | None:
    """The words to pass on ("" when the message only asks to write), or None when it asks for no relay. Words for
    a student ("odpowiedz uczniowi: …") are the student's, never the company's."""
    if student_reply_request(text) is not None:
        return None
    words = _words_to_pass_on(text, RELAY_PHRASES)
    # "responder ao pedido 1: Bom dia Ana…": the enquiry's number is no part of the words (it reached the company)
    return _NUMBER_FIRST.sub("", words, count=1) if words else words


_NUMBER_FIRST = re.compile(r"^\s*(?:#|nr\.?\s*|n\.?º\s*|no\.?\s*)?\d{1,6}\s*[:.,\-–—]\s*(?=\S)")


# A verb of telling that opens a message and is followed by whom it is for: "tell Padaria São Bento we can only make
# 150", "powiedz Fajne Eventy, że…", "скажи Ласточке…" (bot/flows/threads.py matches the name to an enquiry).
TELL_OPENERS = _phrases(
    "tell; please tell; write to; message; reply to; answer; say to; inform; "
    "pasakyk; pasakykite; parasyk; parasykite; atsakyk; atsakykite; pranesk; praneskite; "
    "pasaki; pasakiet; uzraksti; uzrakstiet; atbildi; atbildiet; "
    "powiedz; powiedzcie; napisz do; napiszcie do; odpowiedz; przekaz; "
    "di a; di al; di alla; dica a; dica al; dica alla; scrivi a; scrivi al; scrivi alla; rispondi al; "
    "rispondi alla; diga a; diga ao; diz a; diz ao; escreve a; escreve ao; escreva a; escreva ao; "
    "responde ao; скажи; скажите; напиши; напишите; ответь; ответьте; передай; передайте; skazhi; napishi; otvet"
)
NAME_MIN_LETTERS: Final = 3  # a name's first word this long at least: "A" or "di" name nobody


def told_by_name(text: str, names: list[str]) -> tuple[int, str] | None:
    """Which of ``names`` (the other side of each enquiry) a verb of telling that opens the message addresses, by
    the name's first words as written ("tell Padaria we can only make 150…" for "Padaria São Bento", legal forms
    aside), and the words after the name; None when no verb opens it or no one name is the addressee. (The words
    were read as an offer and published as one.)"""
    found = _after_phrase(text, TELL_OPENERS)
    if found is None or not found[0]:
        return None
    tokens = found[0].split()
    while tokens and " ".join(_words(tokens[0])) in FILLER:  # "scrivi a Vilnius VET…": "a" is left of the phrase
        tokens = tokens[1:]
    said = [" ".join(_words(t)) for t in tokens]
    matched: list[tuple[int, int]] = []
    for n, name in enumerate(names):
        words = [w for w in _words(name) if w not in LEGAL_FORMS]
        k = 0
        while k < min(len(words), len(said)) and said[k] == words[k]:
            k += 1
        if k and len(words[0]) >= NAME_MIN_LETTERS:
            matched.append((k, n))
    best = max((k for k, _ in matched), default=0)
    chosen = [n for k, n in matched if k == best]
    if len(chosen) != 1:
        return None
    rest = tokens[best:]
    while rest and (not _words(rest[0]) or " ".join(_words(rest[0])) in RELAY_JOINERS):
        rest = rest[1:]
    return chosen[0], " ".join(rest).strip(" :;,-–—")


def student_reply_request(text: str) -> str | None:
    """A teacher's words for a student ("" when it only asks to write), or None when it says none."""
    return _words_to_pass_on(text, STUDENT_REPLY_PHRASES)


def _words_to_pass_on(text: str, phrases: tuple[tuple[str, ...], ...]) -> str | None:
    """What follows the phrase at the start of the message, or of its second clause ("the cake order is done,
    please tell the client they can pick it up tomorrow")."""
    found = _words_after_phrase(text, phrases)
    head, comma, rest = text.partition(",")
    if found is None and comma and len(_words(head)) <= RELAY_CLAUSE_MAX_WORDS:
        found = _words_after_phrase(rest, phrases)
    return found


RELAY_CLAUSE_MAX_WORDS: Final = 8  # a first clause this short may stand before "tell the client"


def _words_after_phrase(text: str, phrases: tuple[tuple[str, ...], ...]) -> str | None:
    found = _after_phrase(text, phrases)
    if found is None:
        return None
    words, joined = found
    return words if joined or len(words.split()) > RELAY_SHORT_WORDS else ""


def _after_phrase(text: str, phrases: tuple[tuple[str, ...], ...]) -> tuple[str, bool] | None:
    """The words after a phrase opening the message, and whether a ":", a dash or a "that" joined them to it."""
    tokens = text.split()
    kept = [(i, w) for i, w in ((i, " ".join(_words(t))) for i, t in enumerate(tokens)) if w and w not in FILLER]
    said = _starts_with([w for _, w in kept], phrases)
    if not said:
        return None
    rest = tokens[kept[said - 1][0] + 1 :]
    joined = bool(rest) and (":" in tokens[kept[said - 1][0]] or rest[0] in (":", "-", "—"))
    while rest and (not _words(rest[0]) or " ".join(_words(rest[0])) in RELAY_JOINERS | RELAY_ADDRESSEES):
        joined = True
        rest = rest[1:]
    return " ".join(rest).strip(" :;,-–—"), joined


# Whom the words are for, by a pronoun, at the start of a message already meant for the other side (typed after
# ↩️ Reply, or as a swipe-reply): "tell him: use the blue plastic" goes on as "use the blue plastic".
ADDRESS_PRONOUN_PHRASES = _phrases(
    "tell him; tell her; tell them; let him know; let her know; let them know; say to him; say to her; "
    "pasakyk jam; pasakyk jai; pasakykite jam; pasakykite jai; perduok jam; perduok jai; perduokite jam; "
    "parasyk jam; parasyk jai; "
    "pasaki vinam; pasaki vinai; pasakiet vinam; pasakiet vinai; uzraksti vinam; uzraksti vinai; "
    "powiedz mu; powiedz jej; powiedzcie mu; powiedzcie jej; przekaz mu; przekaz jej; napisz mu; napisz jej; "
    "digli; dille; gli dica; le dica; digli che; dite loro; "
    "diz lhe; diga lhe; digam lhe; diz lhes; diga lhes; "
    "скажи ему; скажи ей; скажите ему; скажите ей; передай ему; передай ей; передайте ему; передайте ей; "
    "напиши ему; напиши ей; skazhi emu; skazhi ej; peredaj emu"
)


LHE: Final = re.compile(r"(?<=\w)-(?=lhes?\b)", re.IGNORECASE)


def words_for_them(text: str) -> str:
    """A message for the other side without its address to the bot: "tell him: …", "powiedz mu, że …",
    "tell the client that …" lose their opening; anything else is passed on as typed."""
    text = LHE.sub(" ", text)  # "diz-lhe que sim": the verb and its pronoun as two words
    pronoun = _after_phrase(text, ADDRESS_PRONOUN_PHRASES)
    if pronoun is not None and pronoun[0]:
        return pronoun[0]
    named = _after_phrase(text, STUDENT_REPLY_PHRASES + RELAY_PHRASES)
    if named is not None and named[0] and named[1]:
        return named[0]
    return text


# Reporting an offer to the coordinators: "report this offer", "pranešti apie šį pasiūlymą", "ziņot par šo
# piedāvājumu", "zgłoś tę ofertę", "segnala questa offerta", "denunciar esta oferta", "пожаловаться на это
# предложение". A report verb and an offer word: a coordinator's "report this month" asks for statistics.
OFFER_REPORT_VERB_STEMS: Final = ("report", "flag", "complain", "complaint",
                                  "pranes", "skund",  # lt (pranešti, skųsti, skundas)
                                  "zinot", "zino par", "sudz",  # lv (ziņot, sūdzēties, sūdzība)
                                  "zglos", "zglas", "donies", "skarg",  # pl (zgłoś, zgłaszam, donieś, skarga)
                                  "segnal", "denunci", "reclam",  # it (segnalare), pt (denunciar, reclamar)
                                  "pozhal", "пожалова", "жалоб", "репорт")  # fmt: skip
OFFER_REPORT_OBJECT_STEMS: Final = ("offer", "listing", "advert", "pasiulym", "skelbim", "piedavajum",
                                    "sludinajum", "ofert", "ogloszen", "offert", "annunci", "anunci", "предложен",
                                    "объявлен", "оффер")  # fmt: skip
OFFER_REPORT_MAX_WORDS: Final = 8


# What a report says an offer is, standing for the verb beside a result's number: "3 is fake", "nr 2 to oszustwo".
OFFER_FAULT_STEMS: Final = ("fake", "scam", "fraud", "stolen", "apgaul", "netikr", "krapst", "viltus", "krap",
                            "oszust", "falszyw", "truff", "fals", "golpe", "burla", "фейк", "мошен", "обман",
                            "feik", "moshen", "obman")  # fmt: skip


def report_with_reason(text: str) -> tuple[str, str] | None:
    """ "quero denunciar a oferta 2, parece burla…": the request to report, and the reason after it."""
    said = decision_and_words(text)
    if said is None:
        return None
    head = said[0]
    numbered = has_stem(head, OFFER_REPORT_VERB_STEMS) and ordinal(head, REPORTED_NUMBER_REACH) is not None
    return said if offer_report_request(head) or numbered else None


REPORTED_NUMBER_REACH: Final = 50  # "I want to report number 2, it looks fake": a result's number


def reports_an_item(text: str) -> bool:
    """ "report 3", "3 is fake", "ziņot par 1", "3 - eto feik": with a list of offers shown, its item is reported
    (they began an enquiry, and the accusation went to the school accused)."""
    if report_with_reason(text) is not None:
        return True
    words = _words(text)
    stems = OFFER_REPORT_VERB_STEMS + OFFER_FAULT_STEMS
    return offer_report_request(text) or (0 < len(words) <= OFFER_REPORT_MAX_WORDS + 4 and has_stem(text, stems))


def offer_report_request(text: str) -> bool:
    """Whether a short message asks to report an offer to the coordinators (which one: "this", an ordinal)."""
    words = _words(text)
    if not words or len(words) > OFFER_REPORT_MAX_WORDS or not has_stem(text, OFFER_REPORT_VERB_STEMS):
        return False
    return has_stem(text, OFFER_REPORT_OBJECT_STEMS)


# Asking who reported an offer: "who reported it?", "kas pranešė?", "кто пожаловался?", "give me their Telegram".
WHO_REPORTED_STEMS: Final = ("who reported", "who flagged", "who complained", "whose report", "their telegram",
                             "kas pranes", "kas apskund", "kas zinoja", "kas sudzej", "kto zglosil", "kto zglosila",
                             "chi ha segnal", "quem denunci", "quem reclam", "кто пожаловал", "кто сообщил",
                             "кто отправил жалоб", "kto pozhalovalsya", "kto soobshil")  # fmt: skip


def asks_who_reported(text: str) -> bool:
    return has_stem(text, WHO_REPORTED_STEMS)


# What a coordinator says to a reported offer: hide it, show it again, or leave it (dismiss the reports).
ModerationVerb = Literal["hide", "restore", "dismiss"]
MODERATION_STEMS: Final[dict[ModerationVerb, tuple[str, ...]]] = {
    "hide": ("hide", "take down", "paslep", "slept", "ukryj", "ukryc", "schowaj", "nascond", "ocult", "escond",
             "скры", "скро", "убери"),
    "restore": ("restore", "unhide", "show again", "show it again", "put it back", "grazin", "atkur", "atjauno",
                "paradi", "przywroc",
                "pokaz", "ripristin", "mostra di nuovo", "restaur", "repor", "reponh", "mostrar de novo",
                "восстанов", "верни", "вернуть", "покажи снова"),
    "dismiss": ("dismiss", "ignore", "keep", "leave it", "palik", "ignoruo", "atstaj", "atstat", "zostaw", "tienil",
                "mantienil", "va bene cosi",
                "odrzuc zgloszen", "ignoruj", "lascia", "ignora", "archivia", "deixa", "manter", "mantem",
                "оставь", "оставить", "игнор", "отклони"),
}  # fmt: skip
MODERATION_MAX_WORDS: Final = 6


def decision_and_words(text: str) -> tuple[str, str] | None:
    """ "hide it, the photos are stolen", "скрыть - фото украдены": the short decision before a comma, colon or
    dash, and the words after it; None when there is no such split."""
    found = [m for m in (re.search(r"[,:;–—]|\s-\s", text), BECAUSE.search(text)) if m is not None]
    if not found:  # "hide 1 because the photos are not yours": the reason after "because" too, whichever comes first
        return None
    match = min(found, key=lambda m: m.start())
    head, rest = text[: match.start()].strip(), text[match.end() :].strip()
    if not head or not rest or len(_words(head)) > MODERATION_MAX_WORDS:
        return None
    return head, rest


def moderation_verb(text: str) -> ModerationVerb | None:
    """ "hide it", "paslėpk", "скрыть", "restore", "atstāj": a coordinator's decision in words, or None. "Show"
    ("parādi", "pokaż") brings an offer back, but "pokaż zgłoszenia" asks for the list of reports. Russian in Latin
    letters too ("skryt pervoe", "ostavit'")."""
    found = _moderation_verb(text)
    if found is None and text.isascii():
        found = _moderation_verb(to_cyrillic(text))
    return found


def _moderation_verb(text: str) -> ModerationVerb | None:
    words = _words(text)
    if not words or len(words) > MODERATION_MAX_WORDS:
        return None
    found = [verb for verb, stems in MODERATION_STEMS.items() if has_stem(text, stems)]
    if len(found) != 1:
        return None
    if coordinator_list(text) is not None or report_request(text) is not None:
        return None  # "pokaż zgłoszenia", "pokaż statystyki": the list or the figures, not the offer shown again
    return found[0]


# "Delete my data" in words: a delete verb and what is deleted (folded stems).
ERASE_VERBS: Final = ("delete", "erase", "remove", "forget me", "istrin", "istrink", "izdzes", "dzes", "usun",
                      "wymaz", "cancell", "elimin", "apag", "elimine", "удал", "стер", "сотри")  # fmt: skip
ERASE_OBJECTS: Final = ("data", "account", "profile", "duomen", "paskyr", "profil", "dati", "datus", "dane", "kont",
                        "dados", "conta", "данн", "аккаунт", "профил", "informacij", "informac")  # fmt: skip


def asks_erasure(text: str) -> bool:
    """ "Delete my personal data", "ištrinkite mano duomenis", "удалите мои данные": the same as /deleteme."""
    if _asks_erasure(_words(text)):
        return True
    return text.isascii() and _asks_erasure(_words(to_cyrillic(text)))  # "udali vse moi dannye"


# "zapomnij o mnie", "forget me", "aizmirstiet mani": the GDPR's own words for it (folded).
FORGET_ME_PHRASES = _phrases(
    "forget me; forget about me; pamirskit mane; pamirsk mane; pamirskite mane; aizmirstiet mani; aizmirsti mani; "
    "zapomnij o mnie; zapomnijcie o mnie; zapomnijcie mnie; dimenticami; dimenticatemi; dimenticatevi di me; "
    "esquecam me; esqueca me; esquece me; esquecam de mim; забудьте меня; забудь меня; забудьте обо мне; "
    "zabudte menya; zabud menya"
)
# What a short erase request may name besides its verb: "izdzēs mani", "delete me", "ištrinkit viską", "apaga tudo".
ERASE_ME_WORDS = word_set("me mane mani mnie mim меня menya")
ERASE_ALL_WORDS = word_set("everything viska visk visu wszystko tutto tudo всё vse visgi")
ERASE_SHORT_MAX_WORDS: Final = 5


def erases_everything(text: str) -> bool:
    """ "visgi ištrinkit viską", "apaga tudo": delete and "everything", nothing else — the person's data when no
    flow is open (with a draft open it may mean the draft: the caller decides)."""
    words = _meaningful(_words(text))
    if not 1 < len(words) <= ERASE_SHORT_MAX_WORDS or not has_stem(" ".join(words), ERASE_VERBS):
        return False
    rest = [w for w in words if not has_stem(w, ERASE_VERBS) and w not in ERASE_POLITE_WORDS]
    return bool(rest) and all(w in ERASE_ALL_WORDS | ERASE_ME_WORDS for w in rest)


# Said around "delete everything" without changing it: "ok please delete everything", "cancellate tutto per favore".
ERASE_POLITE_WORDS = word_set("ok okay yes sim si tak taip ja da per por favor favore please prasau ludzu prosze")


def _asks_erasure(words: list[str]) -> bool:
    if _says(words, FORGET_ME_PHRASES):
        return True
    folded = " ".join(words)
    if len(words) > 10 or not has_stem(folded, ERASE_VERBS):
        return False
    if erases_everything(folded) and any(w in ERASE_ME_WORDS for w in words):
        return True  # "izdzēs mani", "delete me", "удалите меня": only the verb and "me"
    # "ištrinkite viską apie mane", "delete everything about me", "удалите всё обо мне": no data word needed
    return has_stem(folded, ERASE_OBJECTS) or _says(words, ABOUT_ME_PHRASES)


# "What data do you keep about me?" in words: a keeping verb and what is kept (the objects above).
STORE_VERBS: Final = ("store", "keep", "hold", "collect", "know about me", "saugo", "saugot", "renka", "glaba",
                      "glabaj", "uzglaba", "vac", "przechowuj", "trzyma", "zbiera", "conserv", "memorizz", "salva",
                      "raccogli", "armazen", "guarda", "recolh", "хран", "собира", "знаете обо мне",
                      "know", "zina", "zino", "wiecie", "sapete", "sabem", "знаете",
                      # sharing it: "do you share my data?", "а вы мои данные кому-то передаёте?"
                      "share", "sell", "dalijat", "perduod", "parduod", "nodod", "udostepn", "przekazuj", "condivid",
                      "vend", "partilh", "compartilh", "передае", "передаё", "продае", "продаё")  # fmt: skip


ABOUT_ME: Final = word_set(
    "me my mine mano mani manes manis mana manu mnie moje moich moj mi mio miei mie mim meu "
    "meus minha minhas мне меня мои моих мой"
)


# A company changing what it asked for, in words: a change verb and what changes ("хочу изменить количество на 30",
# "queria mudar a quantidade para 120", "vorrei cambiare la data").
CHANGE_STEMS: Final = ("change", "modify", "alter", "amend", "pakeis", "pakeist", "keisti", "maini", "nomaini",
                       "izmaini", "zmien", "zmian", "cambia", "cambiare", "modific", "mudar", "muda", "alterar",
                       "altera", "измен", "помен", "izmenit", "pomenyat",
                       # "aprašyme palik tik: …", "leave only: …": what stays is the new value
                       "palik tik", "palikite tik", "leave only", "keep only", "atstaj tikai", "zostaw tylko",
                       "lascia solo", "deixa so", "оставь только", "оставьте только")  # fmt: skip
CHANGED_THINGS: Final = ("quantit", "amount", "number", "date", "deadline", "kieki", "kiekis", "data", "datos",
                         "termin", "daudzum", "datum", "ilosc", "quantidade", "prazo", "количеств", "дат", "срок",
                         "kolichestv", "people", "persons", "zmon", "cilvek", "osob", "persone", "pessoas",
                         "человек")  # fmt: skip
CHANGE_MAX_WORDS: Final = 20


def asks_change(text: str) -> bool:
    """ "Can we change it to 30 people?", "хочу изменить количество на 30", "vorrei cambiare la data": a change to
    an enquiry or order the person sent (the school decides: it is passed on as a message)."""
    words = _words(text)
    return 0 < len(words) <= CHANGE_MAX_WORDS and has_stem(text, CHANGE_STEMS) and has_stem(text, CHANGED_THINGS)


# Restating a value: "actually make it 45 items", "lai ir 10", "niech będzie 30", "facciamo 40", "пусть будет 25".
RESTATE_PHRASES = _phrases(
    "make it; make that; let it be; lets say; tegul bus; tebūnie; lai ir; lai būtu; niech będzie; niech bedzie; "
    "zróbmy; facciamo; mettiamo; diciamo; fica; ficam; pode ser; seja; пусть будет; давайте; сделайте; puskai budet; "
    # "ai ne, padaryk 45 žmones", "давай лучше 40 человек": make it, said to the bot
    "padaryk; padarykite; padarykit; izdari; izdariet; zrób; zróbcie; fai; fate; faz; faça; façam; давай; сделай; "
    "davai; davaite; sdelai"
)


def restates_value(text: str) -> bool:
    """A value given again to replace one ("actually make it 45 items", "change the quantity to 55",
    "niech będzie 30"): at a summary, the number in it corrects it."""
    return asks_change(text) or _says(_words(text), RESTATE_PHRASES)


KNOW_STEMS: Final = ("know", "zinot", "zino", "zinat", "zin ", "wiecie", "wiesz", "sai ", "sapete", "sabe", "sabem",
                     "знаете", "знает", "знаешь", "znaete", "znaesh")  # fmt: skip
DATABASE_STEMS: Final = ("database", "duomenu baz", "datubaz", "baz danych", "bazie danych", "database",
                         "banco de dados", "base de dados", "базе данных", "база данных", "baze dannyh")  # fmt: skip
ABOUT_ME_PHRASES = _phrases(
    "about me; apie mane; par mani; o mnie; su di me; di me; sobre mim; de mim; обо мне; про меня; obo mne"
)


def asks_stored_data(text: str) -> bool:
    """ "What data do you store about me?", "kokius mano duomenis saugot?", "jakie dane o mnie przechowujecie?",
    "какие данные вы храните?", "kas ir jūsu datubāzē par mani?": the same as /mydata."""
    words = _words(text)
    folded = " ".join(words)
    if len(words) > 12 or has_stem(folded, ERASE_VERBS):
        return False
    if is_question(text) and has_stem(folded, DATABASE_STEMS) and _says(words, ABOUT_ME_PHRASES):
        return True  # "what is in your database about me?": the database says what is kept
    about_me = is_question(text) and _says(words, ABOUT_ME_PHRASES)
    if about_me and (has_stem(folded, KNOW_STEMS) or has_stem(folded, ERASE_OBJECTS)):
        return True  # "what do you know about me?", "jakie dane o mnie macie?", "chto vy obo mne znaete?"
    if not has_stem(folded, STORE_VERBS):
        return False
    if about_me:  # "ko jūs glabājat par mani?": no data word needed
        return True
    return has_stem(folded, ERASE_OBJECTS) and (is_question(text) or any(w in ABOUT_ME for w in words))


# A coordinator's report request (/stats): "this month by country", "pernai pagal kategorijas", "за прошлый год
# по месяцам", "ultimi 3 mesi". Phrases are matched whole and in order, filler words included ("this" counts
# here); the period is taken out first, so the "month" of "this month" is no grouping.
def _report_phrases(spec: str) -> tuple[tuple[str, ...], ...]:
    found = {tuple(p.split()) for p in (fold(q).replace("'", " ") for q in spec.split(";")) if p.strip()}
    return tuple(sorted(found, key=lambda p: -len(p)))


REPORT_PERIODS: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    # session 17: "last week", "this week" gave the last six months
    "this_week": _report_phrases(
        "this week; current week; šią savaitę; šios savaitės; šonedēļ; šajā nedēļā; šīs nedēļas; w tym tygodniu; "
        "ten tydzień; bieżący tydzień; questa settimana; settimana corrente; esta semana; nesta semana; "
        "на этой неделе; эта неделя; эту неделю; этой недели; текущая неделя; za etu nedelyu; na etoj nedele"
    ),
    "last_week": _report_phrases(
        "last week; previous week; past week; praėjusią savaitę; praeitą savaitę; praėjusios savaitės; "
        "pagājušajā nedēļā; pagājušo nedēļu; pagājušās nedēļas; w zeszłym tygodniu; zeszły tydzień; zeszłego tygodnia; "
        "poprzedni tydzień; poprzedniego tygodnia; "
        "ubiegły tydzień; settimana scorsa; la settimana scorsa; semana passada; a semana passada; "
        "на прошлой неделе; прошлая неделя; прошлой недели; za proshluyu nedelyu; na proshloj nedele"
    ),
    "this_month": _report_phrases(
        "this month; current month; šis mėnuo; šį mėnesį; šio mėnesio; šis mēnesis; šomēnes; šajā mēnesī; šī mēneša; "
        "ten miesiąc; tym miesiącu; bieżący miesiąc; bieżącym miesiącu; questo mese; mese corrente; este mês; "
        "neste mês; mês atual; этот месяц; этом месяце; текущий месяц; текущем месяце; этого месяца; "
        "етот месяц; етом месяце; етого месяца; šim mēnesim; šā mēneša; šo mēnesi; šiam mėnesiui; deste mês; "
        "desse mês; neste mes; deste mes"  # session 17: "statistika šim mēnesim", "estatísticas deste mês"
    ),
    "last_month": _report_phrases(
        "last month; previous month; past month; praėjęs mėnuo; praėjusį mėnesį; praėjusio mėnesio; praeitą mėnesį; "
        "praeito mėnesio; pagājušais mēnesis; pagājušajā mēnesī; pagājušo mēnesi; pagājušā mēneša; zeszły miesiąc; "
        "zeszłym miesiącu; poprzedni miesiąc; ubiegły miesiąc; ubiegłym miesiącu; mese scorso; scorso mese; "
        "mês passado; último mês; прошлый месяц; прошлом месяце; предыдущий месяц; прошлого месяца; "
        "pagājušajam mēnesim; praėjusiam mėnesiui; do mês passado; mes passado"
    ),
    "this_year": _report_phrases(
        "this year; current year; šie metai; šiais metais; šiemet; šių metų; šis gads; šogad; šajā gadā; šī gada; "
        "ten rok; tym roku; bieżący rok; bieżącym roku; quest'anno; questo anno; anno corrente; este ano; "
        "neste ano; ano atual; этот год; этом году; текущий год; текущем году; этого года; етот год; етом году; "
        "етого года; šim gadam; šiems metams; deste ano"
    ),
    "last_year": _report_phrases(
        "last year; previous year; past year; pernai; praėję metai; praėjusiais metais; praėjusių metų; "
        "praeitais metais; pērn; pagājušais gads; pagājušajā gadā; pagājušā gada; zeszły rok; zeszłym roku; "
        "ubiegły rok; ubiegłym roku; poprzedni rok; anno scorso; scorso anno; ano passado; último ano; "
        "прошлый год; прошлом году; предыдущий год; прошлого года; pagājušajam gadam; praėjusiems metams; "
        "do ano passado"
    ),
}
REPORT_LAST_WORDS = word_set(
    "last past paskutinius paskutiniu pastaruosius pastaruju pedejie pedejos pedejo ostatnie ostatnich ultimi "
    "ultimos последние последних за"
)
REPORT_GROUPINGS: Final[dict[str, frozenset[str]]] = {
    "country": word_set(
        "country countries salis salys sali salis salims salyse valsts valstis valstu valstim kraj kraje krajow "
        "krajach krajami krajom paese paesi nazione nazioni pais paises страна страны стран странам стране"
    ),
    "category": word_set(
        "category categories kategorija kategorijos kategorijas kategoriju kategorijoms kategorijam kategoria "
        "kategorie kategorii kategoriach categoria categorie categorias категория категории категориям категорий"
    ),
    "school": word_set(
        "school schools mokykla mokyklos mokyklas mokykloms mokyklu mokyklose skola skolas skolam skolu skolam "
        "szkola szkoly szkol szkolach szkolami scuola scuole escola escolas школа школы школам школ школами"
    ),
    "month": word_set(
        "month months monthly menuo menesis menesius menesiais menesiu menesiams menesiem menesu menesos "
        "miesiac miesiace miesiecy miesiacach miesiacami mese mesi mensile mes meses mensal месяц месяцы месяцам "
        "месяцев помесячно"
    ),
}
REPORT_WORDS = word_set(
    "report reports stats statistics ataskaita ataskaitos ataskaita ataskaitas statistika statistikos parskats "
    "parskatu atskaite raport raportu statystyki statystyka rapporto resoconto statistiche relatorio "
    "estatisticas estatistica отчет отчеты отчета статистика статистику"
)
REPORT_MAX_WORDS: Final = 10
# "How many orders this month?", "cik pasūtījumu šomēnes?", "skolko zakazov v Latvii?": a count of what the report
# counts is a report request too, with or without a period.
COUNT_WORDS = word_set("many kiek cik ile quanti quante quantos quantas сколько skolko")
# "Show statistics" in any words: the default report ("reports" alone is the list of reported offers).
STATISTICS_STEMS: Final = ("statist", "statyst", "estatist", "статист", "stats")
STATISTICS_MAX_WORDS: Final = 6
COUNTED_STEMS: Final = ("order", "enquir", "inquir", "request", "listing", "offer", "uzsak", "uzklaus", "pasiulym",
                        "pasutij", "pieprasij", "piedavaj", "zamowi", "zapytan", "ofert", "ordin", "richiest",
                        "offert", "annunc", "pedid", "encomend", "заказ", "zakaz", "запрос", "zapros", "предлож",
                        "predlozh", "объявл")  # fmt: skip


@dataclass(frozen=True)
class ReportAsk:
    """What a typed report request names: a period ("this_month", "last_month", "this_year", "last_year",
    "months:3" for the last three months, "month:3" for March), a grouping, and whether it says "report"."""

    period: str | None
    by: str | None
    names_report: bool


def _take(words: list[str], phrase: tuple[str, ...]) -> list[str] | None:
    """``words`` without the first run of ``phrase``, or None when it is not there."""
    for i in range(len(words) - len(phrase) + 1):
        if tuple(words[i : i + len(phrase)]) == phrase:
            return words[:i] + words[i + len(phrase) :]
    return None


def _report_period(words: list[str]) -> tuple[str | None, list[str]]:
    for name, phrases in REPORT_PERIODS.items():
        for phrase in phrases:
            rest = _take(words, phrase)
            if rest is not None:
                return name, rest
    for i, word in enumerate(words[:-1]):  # "last 3 months", "за 3 месяца", "ultimi 3 mesi"
        if word in REPORT_LAST_WORDS and words[i + 1].isdigit() and i + 2 < len(words):
            count = int(words[i + 1])
            if words[i + 2] in MONTH_UNITS and 1 <= count <= 24:
                return f"months:{count}", words[:i] + words[i + 3 :]
    for i, word in enumerate(words):  # a month named: "March", "kovas", "за март"
        month = month_of(word) if word not in MONTH_UNITS else None
        if month is not None:
            return f"month:{month}", words[:i] + words[i + 1 :]
    for i, word in enumerate(words):  # a year: "statistics for 2025", "/stats 2099" (said to be in the future)
        if word.isdigit() and len(word) == YEAR_DIGITS and REPORT_FIRST_YEAR <= int(word) <= REPORT_LAST_YEAR:
            return f"year:{word}", words[:i] + words[i + 1 :]
    return None, words


YEAR_DIGITS: Final = 4
REPORT_FIRST_YEAR: Final = 2000
REPORT_LAST_YEAR: Final = 2199


def report_request(text: str) -> ReportAsk | None:
    """The period and grouping a short message asks a report for; None when it names neither. Statistics named
    alone ("pokaż statystyki", "fammi vedere le statistiche") ask the default report; Russian in Latin letters
    ("pokazhi statistiku po mesyacam") is read in Cyrillic too."""
    asked = _report_request(_words(text))
    if (asked is None or (asked.period is None and asked.by is None)) and text.isascii():
        again = _report_request(_words(to_cyrillic(text)))  # a few µs, for Latin letters that named nothing
        if again is not None and (asked is None or again.period is not None or again.by is not None):
            return ReportAsk(again.period, again.by, again.names_report or (asked is not None and asked.names_report))
    return asked


def _report_request(words: list[str]) -> ReportAsk | None:
    if not words or len(words) > REPORT_MAX_WORDS:
        return None
    period, rest = _report_period(words)
    found = [name for name, vocabulary in REPORT_GROUPINGS.items() if vocabulary & set(rest)]
    by = found[0] if len(found) == 1 else None
    counts = bool(COUNT_WORDS & set(words)) and any(w.startswith(COUNTED_STEMS) for w in words)
    statistics = len(words) <= STATISTICS_MAX_WORDS and any(w.startswith(STATISTICS_STEMS) for w in words)
    if period is None and by is None and not counts and not statistics:
        return None
    # "which schools are the most active?", "самые активные школы": the report by school
    active = by == "school" and any(w.startswith(ACTIVE_STEMS) for w in words)
    return ReportAsk(period, by, counts or statistics or active or bool(REPORT_WORDS & set(words)))


ACTIVE_STEMS: Final = ("activ", "aktyv", "aktyw", "aktiv", "attiv", "ativ", "активн", "aktivn", "busiest")


# A coordinator's short request for one of their lists, in words: the reported offers ("show complaints", "покажи
# жалобы", "pokaż zgłoszenia"), the organisations to verify ("organisations to verify", "kas jāapstiprina?") and
# the audit log ("audit log", "журнал действий"). Stems of folded words; a verify verb needs an organisation word
# with it ("patvirtinu" alone is a yes).
COORDINATOR_LISTS: Final[dict[str, tuple[str, ...]]] = {
    "reports": ("complain", "reported", "flagged", "reports", "skund", "pranesim", "pranestu", "sudzib", "zinojum",
                "zglosz", "zgloszon", "skarg", "segnala", "reclam", "lamentel", "denunc", "queix", "жалоб",
                "zhalob", "жалуют", "репорт", "сигнал"),
    "audit": ("audit", "журнал", "zhurnal", "zurnal", "dziennik", "activity log", "action log", "event log",
              "registro attivit", "registo de ativ", "история действ", "лог действ"),
    "verify": ("verif", "weryfik", "верифи", "unverified", "nepatvirtint", "nepatikrin", "neverificet",
               "neparbaud", "nav parbaud", "neapstiprin", "niezweryfikow",
               "non verificat", "nao verificad", "непровер", "неподтвержд"),
}  # fmt: skip
VERIFY_VERB_STEMS: Final = ("approv", "confirm", "patvirt", "apstiprin", "zatwierdz", "potwierd", "conferm",
                            "aprov", "провер", "подтверд", "утверд", "одобр")  # fmt: skip
ORGANISATION_STEMS: Final = ("organi", "организ", "school", "mokykl", "skol", "szkol", "scuol", "escol", "школ",
                             "company", "companies", "imon", "uznemum", "firm", "aziend", "empres", "компани",
                             "фирм")  # fmt: skip
COORDINATOR_ASK_MAX_WORDS: Final = 7


def coordinator_list(text: str) -> str | None:
    """ "reports", "verify" or "audit" when a short message asks a coordinator's list by name, else None."""
    words = _words(text)
    if not words or len(words) > COORDINATOR_ASK_MAX_WORDS:
        return None
    # at a word's start: "pārbaudītas" holds "audit" (the audit log was shown for organisations to verify)
    named = [name for name, stems in COORDINATOR_LISTS.items() if _starts_a_word(words, stems)]
    if not named and has_stem(text, VERIFY_VERB_STEMS) and any(w.startswith(ORGANISATION_STEMS) for w in words):
        named = ["verify"]
    return named[0] if len(named) == 1 else None


# Who someone says they are, at "Who are you?" ("I'm a company", "esu mokytojas", "мы школа", "just looking").
ROLE_WORDS: Final[dict[str, frozenset[str]]] = {
    "company": word_set(
        "company business firm imone imones imonei uznemums uznemuma firma firmy azienda ditta empresa empresas "
        "компания фирма бизнес"
    ),
    "school": word_set(
        "school teacher student mokykla mokytojas mokytoja mokinys skola skolotajs skolotaja audzeknis szkola "
        "nauczyciel nauczycielka uczen scuola insegnante docente studente escola professor professora aluno "
        "школа учитель учительница ученик техникум преподаватель преподавательница педагог"
    ),
    "guest": word_set(
        "looking browse browsing curious guest ziuriu dairausi skatos apskatos rozgladam ogladam guardo curiosando "
        "olhar espreitar смотрю посмотреть"
    ),
}


def no_company_name(text: str) -> bool:
    """ "компания", "20", "я представляю компанию": words about having a company, or a number, are no company name
    (a blind tester's company was stored as "компания")."""
    words = _words(text)
    if not words:
        return False
    if all(w.isdecimal() for w in words):
        return True
    if words[0].isdecimal() and len(words) > 1 and quantity_unit(text, int(words[0]), "any") is not None:
        return True  # "3 kg, spalio 10 d., Kaunas": the order's details at the name question (a company "3 kg")
    generic = ROLE_WORDS["company"] | OWNING_WORDS | ABOUT_ME | NOT_A_NAME
    return all(w in generic or w in FILLER or w.startswith(COMPANY_STEMS) for w in words)


COMPANY_STEMS: Final = ("compan", "busines", "firm", "imon", "uznemum", "aziend", "impres", "empres", "компани",
                        "фирм", "kompani")  # fmt: skip
NOT_A_NAME: Final = word_set(
    "i im am we are is a an the my our mano musu es mes ja jestem my io sono noi eu sou nos я мы"
)


# Saying one runs or owns a business: "I run a bakery", "mam firmę budowlaną", "turiu įmonę", "man ir uzņēmums",
# "ho un negozio", "tenho uma padaria", "я владелец фирмы", "у меня магазин", "ja predstavljaju kompaniju".
OWNING_WORDS: Final = word_set(
    "run own owner owners manage represent representing "
    "turiu turime vadovauju valdau savininkas savininke atstovauju "
    "vadu vadam ipasnieks ipasniece parstavu "
    "mam mamy prowadze prowadzimy posiadam wlasciciel wlascicielka reprezentuje "
    "ho abbiamo gestisco gestiamo titolare proprietario proprietaria rappresento "
    "tenho temos dono dona proprietario represento "
    "владелец владелица владею руковожу представляю predstavljaju predstavlyayu vladelec"
)  # fmt: skip
OWNING_PHRASES: Final = _phrases(
    "man ir; mums ir; у меня; у нас; u menya; u nas; "
    # belonging to one: "esu iš įmonės", "jestem z firmy", "sou de uma empresa", "я из компании"
    "i am from; im from; we are from; i work at; i work for; we work at; "
    "esu is; esame is; as is; mes is; dirbu; dirbame; esmu no; esam no; stradaju; "
    "jestem z; jestesmy z; pracuje w; pracujemy w; "
    "sono di; sono della; sono dell; siamo di; lavoro in; lavoro per; sou de; sou da; sou do; somos de; somos da; "
    "trabalho na; trabalho numa; trabalho em; я из; мы из; работаю в; ya iz; my iz; я от; мы от; ya ot; my ot"
)
BUSINESS_STEMS: Final = (
    "compan", "busines", "firm", "shop", "store", "bakery", "restaurant", "cafe", "hotel", "salon", "agency",
    "imon", "parduotuv", "kepykl", "kavin", "restoran", "viesbut", "salon",
    "uznemum", "veikal", "maiznic", "kafejnic", "restoran",
    "sklep", "piekarn", "kawiarn", "restaurac", "hotel", "agencj", "zaklad",
    "aziend", "ditt", "negozi", "panetteri", "pasticceri", "ristorant", "bar ", "albergh", "agenzi",
    "gastronom", "pizzeri", "trattori", "macelleri", "officin", "oficin",
    "empres", "loja", "padari", "pastelari", "restaurant", "cafe", "hotel", "agenci",
    "kompani", "компан", "фирм", "бизнес", "магазин", "пекарн", "кафе", "ресторан", "гостиниц", "салон",
    "предприят", "организац", "агентств", "кондитерск", "булочн", "кофейн", "студи", "мастерск",
)  # fmt: skip
# Asking to register: "хочу зарегистрироваться", "queria registar a minha empresa", "gribu reģistrēties".
REGISTER_STEMS: Final = ("regist", "sign up", "signup", "rejestr", "iscriv", "cadastr", "регистр", "registr")


# Someone from a school who is not in it yet (blind testers: a director asking how the school joins got a search or
# the welcome again; a student without an invite was told about posting offers): the school way in is theirs.
SCHOOL_STEMS: Final = ("school", "college", "mokykl", "mokymo centr", "gimnazij", "skol", "tehnikum", "szkol",
                       "technikum", "scuol", "istitut", "escola", "школ", "колледж", "техникум", "vet2b")  # fmt: skip
HEAD_STEMS: Final = ("director", "principal", "headmaster", "head teacher", "direktor", "dyrektor", "direttor",
                     "diretor", "директор")  # fmt: skip
STUDENT_SELF_STEMS: Final = ("i am a student", "im a student", "esu studentas", "esu mokin", "es esmu students",
                             "es esmu audzek", "jestem uczni", "jestem student", "sono uno student", "sono studente",
                             "sono una student", "sou aluno", "sou aluna", "sou estudante", "я студент", "я учени",
                             "я учащ", "ya student")  # fmt: skip


def _from_a_school(text: str, words: list[str]) -> bool:
    folded = " ".join(words)
    head = has_stem(folded, HEAD_STEMS) and has_stem(folded, SCHOOL_STEMS)
    registers = has_stem(folded, REGISTER_STEMS) and has_stem(folded, SCHOOL_STEMS) and len(words) <= 8
    return head or registers or has_stem(folded, STUDENT_SELF_STEMS)


def role_named(text: str) -> str | None:
    """ "company", "school" or "guest" when a short message names only that role, else None. A message that
    names something to buy ("svetainės mūsų įmonei", a website for our company) states a need instead —
    unless it says the business is theirs ("mam firmę budowlaną": a construction company, not construction)."""
    words = _words(text)
    if _from_a_school(text, words):
        return "school"
    if runs_a_business(words) and (has_stem(text, REGISTER_STEMS) or find_category(text) is None):
        # "у меня кондитерская…, хочу зарегистрироваться", "mam firmę i szukam czegoś dla niej": a company (a
        # business and a need of a known kind, "mam firmę i potrzebuję strony", is that need)
        return "company"
    registers = len(words) <= ANSWER_MAX_WORDS and has_stem(text, REGISTER_STEMS)
    if registers and any(w.startswith(COMPANY_STEMS) for w in words):
        return "company"  # "chcę zarejestrować firmę", "хочу зарегистрировать компанию", "gribu reģistrēt uzņēmumu"
    if len(words) > ANSWER_MAX_WORDS:  # "im a teacher at a school in kaunas, how do i join?": its first clause
        first = re.split(r"[,.;!?]", text, maxsplit=1)[0]
        return role_named(first) if len(_words(first)) < len(words) else None
    if not words:
        return None
    if stance(text) != "need" and runs_a_business(words):
        return "company"
    introduced = _introduced_as(words)
    if introduced is not None:
        return introduced
    if len(set(words)) > ANSWER_MAX_WORDS - 2 or find_category(text) is not None:
        return None
    named = [role for role, vocabulary in ROLE_WORDS.items() if set(words) & vocabulary]
    return named[0] if len(named) == 1 else None


# "I'm a teacher", "esu mokytoja", "jestem nauczycielem", "sono un'insegnante", "sou professora", "я учитель".
SELF_WORDS = word_set("im am esu esame esmu esam jestem jestesmy sono siamo sou somos я мы")
SELF_GAP: Final = 3  # "i am a", "sono un", "jestem tu": a role word within the next few words


def _introduced_as(words: list[str]) -> str | None:
    """The role a self-introduction opens with ("im a teacher at a school in kaunas"), if one."""
    if not words or (words[0] not in SELF_WORDS and words[:2] != ["i", "am"]):
        return None
    start = 2 if words[:2] == ["i", "am"] else 1
    for word in words[start : start + SELF_GAP]:
        named = [role for role, vocabulary in ROLE_WORDS.items() if role != "guest" and (word in vocabulary or
                 any(word.startswith(v) for v in vocabulary if len(v) >= 7))]  # fmt: skip  # "looking for…" asks
        if len(named) == 1:
            return named[0]
    return None


INTRODUCTION_MAX_WORDS: Final = 12


def introduces_oneself(text: str) -> bool:
    """ "Bom dia, sou professora de pastelaria", "esu konditerijos mokytoja", "я преподаватель кулинарии": who
    the person is, and nothing else (a teacher's became an offer titled «Sou professora de pastelaria»)."""
    words = _words(after_greeting(text) or text)
    if not words or len(words) > INTRODUCTION_MAX_WORDS or any(w.isdigit() for w in words):
        return False
    return _introduced_as(words) is not None and not has_stem(text, ORDER_STEMS) and stance(text) != "offer"


# Legal forms that mark a company's name ("UAB Kauno šventės", "SIA Koka Māja", "Bottega Verde srl", "ООО Ромашка").
LEGAL_FORMS = word_set("uab vsi sia spolka zoo srl srls spa snc lda ltd llc inc gmbh plc ооо оао зао ooo")


def legal_form(text: str) -> bool:
    """The message carries a company's legal form: it is a name, not a country or a request."""
    typed = re.findall(r"\w+", text.casefold())  # "OOO" as typed: the folded words collapse it to "o"
    dotted = any(t.strip(".,;:!?").casefold() in DOTTED_LEGAL_FORMS for t in text.split())  # "S.r.l.", "s.c."
    return any(w in LEGAL_FORMS for w in [*_words(text), *typed]) or "sp. z o.o" in text.casefold() or dotted


# Forms written before the name ("UAB Kauno šventės", "SIA Medus Māja", "ООО «Ромашка»"); the rest come after it
# ("Eventi Rossi srl", "Padaria Ribeira, Lda.", "Budex sp. z o.o.").
PREFIX_LEGAL_FORMS = word_set("uab vsi sia ооо оао зао ooo")
LEGAL_FORM_FIRST_WORDS = frozenset({"unipessoal", "sociedade"})  # "…, Unipessoal Lda": one form in two words
DOTTED_LEGAL_FORMS = frozenset({"s.r.l", "s.a.s", "s.n.c", "s.p.a", "s.c", "s.a", "s.r.o", "sp.j", "sp.k", "s.l"})
NAME_MAX_WORDS: Final = 5
_NAME_END = ",;:!?()"
_QUOTES = "\"'«»„“”‚‘’"
# Little words inside a name ("Pasticceria di Maria srl", "Ribeira & Companhia") and words that end it after a
# prefix form ("SIA Medus Māja no Valmieras", "UAB Kepykla ir …").
_NAME_JOINERS = word_set("& and e i ir un y di da de del della do dos das von van und")
_NAME_ENDERS = word_set("in at from no is iš iz w we z a em na в во из с и и ir un i e et y and in")


# How a name is said at "What is the company called?": "chama-se …", "nazwa to …", "si chiama …", "the name is …",
# "называется …" — the words before the name, never part of it ("chama-se Padaria Doce Ribeira" was stored).
NAME_LEAD = re.compile(
    r"^\s*(?:(?:it'?s|it is|we are|the company is|our company is) called|(?:the|our|its|company) name is|name is|"
    r"name\s*:|(?:mūsų |musu )?(?:įmonė|imone) vadinasi|vadinasi|(?:įmonės |imones )?pavadinimas(?: yra)?|"
    r"(?:uzņēmums |uznemums )?saucas|nosaukums(?: ir)?|(?:firma )?nazywa si[ęe]|nazwa(?: firmy)?(?: to)?|"
    r"(?:la (?:mia )?(?:ditta|azienda) )?si chiama|il nome [èe]|"
    r"(?:a (?:minha )?empresa )?(?:chama-se|chama se|se chama)|o nome [ée]|"
    r"(?:наша )?(?:компания |фирма )?называется|название|"
    # "we are Brightside Events GmbH", "somos a Padaria São Bento", "мы — ООО Ромашка": the name after who they are
    r"we are|we're|it is|it's|this is|(?:my|our|the) company is|mes esame|esame|mēs esam|mes esam|jesteśmy|"
    r"jestesmy|to jest|siamo|somos(?: a| o)?|мы|это)\s*[:\-–—]?\s+",
    re.IGNORECASE,
)


def name_as_said(text: str) -> str:
    """The name without the words that introduce it ("nazwa to Baltbud" → "Baltbud"); the text as it is when
    nothing introduces it, or nothing follows."""
    rest = NAME_LEAD.sub("", text, count=1).strip()
    return rest or text.strip()


def company_name_in(text: str) -> str | None:
    """The company's name in a self-introduction, with its legal form ("ho un'azienda di eventi, Eventi Rossi srl
    a Torino" → "Eventi Rossi srl", "turiu įmonę UAB „Kauno šventės“" → "UAB „Kauno šventės“"), or the
    capitalised or quoted words after "owner of" / "si chiama" ("sou dono da Padaria São Bento no Porto");
    None otherwise. Why only then: nothing else tells a name from the rest of a sentence, and asking for the
    name is better than storing half a sentence."""
    tokens = text.split()
    folded = [fold(t.strip(_NAME_END + _QUOTES + ".")) for t in tokens]
    for i, word in enumerate(folded):
        if word == "sp" and [f for f in folded[i + 1 : i + 3]] == ["z", "o.o"]:
            span = _name_before(tokens, i, i + 3)
        elif word in PREFIX_LEGAL_FORMS:
            span = _name_after(tokens, folded, i)
        elif word in LEGAL_FORMS and i > 0 and folded[i - 1] in LEGAL_FORM_FIRST_WORDS:
            span = _name_before(tokens, i - 1, i + 1)  # "Pastelaria Doce Lar, Unipessoal Lda" (was "Unipessoal Lda")
        elif word in LEGAL_FORMS or word in DOTTED_LEGAL_FORMS:
            span = _name_before(tokens, i, i + 1)  # "Pizzeria Da Totò S.a.s.", "BudMax s.c."
        else:
            continue
        if span is not None:
            return _without_sender(text, _without_role(span))
    return _name_after_owner(tokens, folded)


_OF_WORDS = frozenset({"da", "do", "della", "dalla", "dello", "del", "di", "z", "is", "from", "of"})


def _without_sender(text: str, name: str) -> str:
    """ "sou a Fernanda da Pastelaria Doce Lar, Lda" → "Pastelaria Doce Lar, Lda": the sender's own name, said as
    "<I am> <name> <of>", is no part of the company's (the school saw "Fernanda da Pastelaria …")."""
    parts = name.split()
    before = _words(text[: max(0, text.find(name))])
    if len(parts) >= 3 and fold(parts[1]) in _OF_WORDS and before and before[-1] in SELF_WORDS | {"a", "o"}:
        return " ".join(parts[2:])
    return name


def _without_role(name: str) -> str:
    """ "SIA Kokmuiža vadītājs" → "SIA Kokmuiža": the sender's role after the name is no part of it."""
    parts = name.split()
    while len(parts) > 2 and fold(parts[-1].strip(_NAME_END + ".")) in ROLE_AFTER_NAME:
        parts.pop()
    return " ".join(parts)


# What introduces a business by its name: "sou dono da Padaria São Bento", "si chiama Sapori", "owner of Blue Cup",
# "владелец кафе «Ромашка»" (folded, one or two words).
OWNER_OF_PHRASES = _phrases(
    "owner of; i run; we run; i own; called; named; "
    "savininkas; savininke; vadovauju; vadinasi; pavadinimu; "
    "ipasnieks; ipasniece; vadu; saucas; "
    "wlasciciel; wlascicielka; prowadze; nazywa sie; "
    "titolare di; titolare della; titolare del; proprietario di; proprietaria di; gestisco; si chiama; "
    "dono da; dono do; dona da; dona do; proprietario da; proprietario do; chamada; chamado; chama se; "
    "владелец; владелица; руковожу; называется; "
    # "ho la pizzeria Bella Napoli", "sono Giulia della Trattoria Il Portico", "tenho a Padaria São Bento", "jestem
    # Kasia z agencji Fajne Eventy", "у меня кафе «Ласточка»" (session 16: searched, or the name asked again)
    "ho la; ho il; ho lo; ho una; ho un; della; dalla; tenho a; tenho o; tenho uma; tenho um; z agencji; z firmy; "
    "у меня; u menya"
)
OWNER_SKIP_WORDS: Final = 2  # "владелец кафе «Ромашка»", "dono da padaria Sao Bento": the kind, then the name
QUOTED_NAME_WITHIN: Final = 6  # "у меня маленькое кафе в Даугавпилсе «Ласточка»": a quoted name a few words on


def _name_after_owner(tokens: list[str], folded: list[str]) -> str | None:
    """The capitalised or quoted words after "owner of" / "si chiama" (up to a comma or a place), if any."""
    words = [" ".join(_words(t)) for t in tokens]
    for i in range(len(tokens)):
        said = _starts_with([w for w in words[i:] if w], OWNER_OF_PHRASES)
        if not said:
            continue
        start = i + said
        for skip in range(OWNER_SKIP_WORDS + 1):
            first = start + skip
            if first >= len(tokens) or tokens[first - 1].endswith(tuple(_NAME_END + ".")):
                break
            head = tokens[first]
            named = _capitalised(head) and not head[:1].isdigit()  # "della nonna per 20 persone": no name
            if head[:1] in _QUOTES or (named and find_city(head) is None):
                span = _name_after(tokens, folded, first - 1)
                name = _ELIDED.sub("", span.split(" ", 1)[1]) if span is not None and " " in span else None
                if name is not None and _business_kind(name):
                    continue  # "ho un B&B a Firenze": what the business is, not its name (it was registered so)
                return name
        within = range(start, min(len(tokens), start + QUOTED_NAME_WITHIN))
        quoted = next((j for j in within if tokens[j][:1] in _QUOTES), None)
        if quoted is not None:  # "у меня маленькое кафе в Даугавпилсе «Ласточка»": the quoted words
            span = _name_after(tokens, folded, quoted - 1)
            return span.split(" ", 1)[1] if span is not None and " " in span else None
    return None


# Kinds of business written as if names ("ho un B&B a Firenze": the company was registered as "B&B").
BUSINESS_KIND_WORDS = word_set(
    "b b bnb hotel hostel motel guesthouse restaurant ristorante trattoria osteria pizzeria bar cafe caffe kavine "
    "kafejnica kawiarnia restauracja padaria pastelaria restaurante cafetaria bakery kepykla maiznica piekarnia "
    "panificio shop negozio loja sklep parduotuve veikals agriturismo кафе ресторан бар отель гостиница"
)


def _business_kind(name: str) -> bool:
    words = _words(name)  # "B&B" is the words "b", "b"
    return bool(words) and all(w in BUSINESS_KIND_WORDS for w in words)


def introduced_company(text: str) -> str | None:
    """The company a newcomer introduces in one message ("ciao sono Giulia, ho un'azienda di eventi, Eventi Rossi
    srl a Torino", "we are Acme Ltd from Riga"): its name when the message names one with its legal form and says
    it is theirs (owning, belonging or "I am"), else None. A school's introduction ("VšĮ …") is not one."""
    name = company_name_in(text)
    if name is None or role_named(text) == "school":
        return None
    words = _words(text)
    says_theirs = runs_a_business(words) or bool((OWNING_WORDS | SELF_WORDS | {"we"}) & set(words))
    # "Sveiki, SIA Zeltenes, Jelgava. Vajag…", "Laba diena, čia Tomas iš UAB Medinukas, …": a name with its legal form
    # opening the message introduces the sender (they were asked for the name, and "taip" looped)
    opens = text.find(name) >= 0 and len(text[: text.find(name)].split()) <= INTRO_NAME_REACH
    return name if says_theirs or opens or _says(words, OWNING_PHRASES) else None


INTRO_NAME_REACH: Final = 6  # words before a company's name that still open a message: a greeting, "this is Tomas from"
# A role written after the company's name ("esmu SIA Kokmuiža vadītājs"): no part of the name (folded).
ROLE_AFTER_NAME: Final = word_set(
    "manager owner director ceo founder vadovas vadove direktorius direktore savininkas savininke vaditajs vaditaja "
    "direktors direktore ipasnieks ipasniece prezes wlasciciel wlascicielka kierownik dyrektor titolare direttore "
    "direttrice gerente diretor diretora proprietario директор руководитель владелец владелица"
)


def need_after_introduction(text: str) -> str | None:
    """The request a self-introduction goes on to ("…, у меня кафе ООО «Ромашка», нужен торт на 30 человек" →
    "нужен торт на 30 человек"): the clauses from the first that asks for something; None when none does. The
    introduction itself (names, "кафе") would only blur the search."""
    clauses = re.split(r"(?<=[,.;!?])\s+", text)
    for i, clause in enumerate(clauses):
        if stance(clause) == "need":
            return " ".join(clauses[i:])
    return text if stance(text) == "need" else None


# An elided Italian article or preposition before a name: "gestisco l'Osteria del Ponte" (the name became "Ponte").
_ELIDED = re.compile(r"^(?:l|d|dell|all|nell|sull|un)['’](?=\w)", re.IGNORECASE)


def _capitalised(token: str) -> bool:
    letters = _ELIDED.sub("", token.lstrip(_QUOTES + "&"))
    return bool(letters) and (letters[0].isupper() or letters[0].isdigit())


def _name_before(tokens: list[str], start: int, end: int) -> str | None:
    """The capitalised words before a legal form that ends the name (tokens[start:end])."""
    first = start
    while first > 0 and start - first < NAME_MAX_WORDS:
        token = tokens[first - 1]
        if token.endswith(tuple(_NAME_END)) and first - 1 != start - 1:
            break  # "…di eventi, Eventi Rossi srl": the comma ends the words before the name
        if _capitalised(token) or (fold(token) in _NAME_JOINERS and first > 1 and _capitalised(tokens[first - 2])):
            first -= 1
            continue
        break
    if first == start:
        return None
    return " ".join(tokens[first:end]).strip(_NAME_END)


def _name_after(tokens: list[str], folded: list[str], start: int) -> str | None:
    """The words after a legal form that opens the name: quoted words, or capitalised ones (a second word may be
    lower case, as Lithuanian names are: "UAB Kauno šventės"), up to a comma, a preposition or a town."""
    end = start + 1
    if end < len(tokens) and tokens[end][:1] in _QUOTES:  # „Kauno šventės“, «Ромашка»: to the closing quote
        for last in range(end, min(len(tokens), end + NAME_MAX_WORDS)):
            closed = tokens[last].rstrip(_NAME_END + ".")
            if closed[-1:] in _QUOTES and (last > end or len(closed) > 1):
                return " ".join(tokens[start : last + 1]).rstrip(_NAME_END + ".")
        return None
    while end < len(tokens) and end - start <= NAME_MAX_WORDS:
        token, word = tokens[end], folded[end]
        after = tokens[end + 1] if end + 1 < len(tokens) else ""
        if word in _NAME_JOINERS and end > start + 1 and _capitalised(after) and find_city(after) is None:
            end += 2  # "UAB Medis ir Ko", "Smith and Sons": the name goes on
            continue
        if word in _NAME_ENDERS or (end > start + 1 and find_city(token) is not None):
            break
        if not (_capitalised(token) or end == start + 2):
            break
        end += 1
        if token.endswith(tuple(_NAME_END + ".")):
            break
    if end == start + 1:
        return None
    return " ".join(tokens[start:end]).strip(_NAME_END + ".")


def says_it_runs_a_business(text: str) -> bool:
    """ "I run a small marketing agency", "tenho uma oficina em Braga": the writer is a business (a customer)."""
    return runs_a_business(_words(text))


def runs_a_business(words: list[str]) -> bool:
    """An owning verb (or "I have", "у меня") and a kind of business among the folded ``words``."""
    owning = bool(OWNING_WORDS & set(words)) or _says(words, OWNING_PHRASES)
    joined = " " + " ".join(words) + " "
    return owning and any(f" {stem}" in joined for stem in BUSINESS_STEMS)


# Taking back something already sent: a verb (folded stems) and what it applies to. "Cancel my enquiry to the
# bakery", "atšaukite mano užklausą kepyklai", "atceliet pasūtījumu", "anuluj zamówienie", "ritiro la richiesta",
# "cancela o meu pedido", "отмените мой запрос в пекарню".
CANCEL_VERB_STEMS: Final = ("cancel", "withdraw", "call off", "revok", "retract",
                            "atsauk", "atsiim", "nutrauk",  # lt (atšaukti, atsiimti, nutraukti)
                            "atcel", "partrauk", "partrauc",  # lv (atcelt, atsaukt, pārtraukt)
                            "anul", "wycof", "odwol", "rezygn",  # pl
                            "annul", "ritir", "disdi",  # it (annullare, cancellare, ritirare, disdire)
                            "retir", "desist",  # pt (cancelar, anular, retirar, desistir)
                            "отмен", "отозв", "отзыв", "аннул",
                            "otmen", "otozv")  # fmt: skip  # ru typed in Latin letters ("otmenite zakaz")
CANCEL_ENQUIRY_STEMS: Final = ("enquir", "inquir", "request", "uzklaus", "pieprasijum", "zapytan", "richiest",
                               "solicita", "pedid", "запрос", "заявк", "zapros", "zayavk")  # fmt: skip
CANCEL_ORDER_STEMS: Final = ("order", "uzsakym", "pasutijum", "zamowien", "ordin", "encomend", "заказ", "zakaz")
CANCEL_EITHER_STEMS: Final = ("pedido",)  # pt: an enquiry or an order
CANCEL_MAX_WORDS: Final = 8  # longer messages are talk (to the other side), not a command to the bot
CancelWhat = Literal["enquiry", "order", "any"]


# Where a request ends and its reason begins: a comma or full stop, or "because" in the seven languages.
_BECAUSE = r"(?:because|porque|perch[eé]|bo|poniewa[zż]|nes|kadangi|jo|jo ka|потому что|так как|поскольку)"
REASON_SPLIT: Final = re.compile(rf"[,.;:!?]|\s{_BECAUSE}\s", re.IGNORECASE)
_BECAUSE_FIRST: Final = re.compile(rf"^{_BECAUSE}\s+", re.IGNORECASE)  # ", nes radome pigiau": the reason after it
REASON_MIN_WORDS: Final = 2


_CLAUSES = re.compile(r"[,.;!?]+")


def reason_besides_request(text: str) -> str | None:
    """The reason said around a cancel request, before it or after ("we don't need it anymore, please withdraw my
    enquiry, the seminar was cancelled" → "we don't need it anymore, the seminar was cancelled")."""
    clauses = [c.strip() for c in _CLAUSES.split(text) if c.strip()]
    objects = (*CANCEL_ENQUIRY_STEMS, *CANCEL_ORDER_STEMS, *CANCEL_EITHER_STEMS)
    rest = [c for c in clauses if not (has_stem(c, CANCEL_VERB_STEMS) and has_stem(c, objects))]  # the command
    if len(rest) == len(clauses):
        return None
    said = _BECAUSE_FIRST.sub("", ", ".join(rest))  # "…, nes radome pigiau": the reason without its "because"
    return said if len(said.split()) >= REASON_MIN_WORDS else None


# An answer to "Why do you cancel / decline?" that gives no reason: "yes", "tak", "no reason", "bez powodu".
NO_REASON_PHRASES = _phrases(
    "no reason; without reason; without a reason; no particular reason; none; just because; be priezasties; "
    "be jokios priezasties; bez iemesla; bez powodu; bez szczegolnego powodu; senza motivo; nessun motivo; "
    "sem motivo; sem razao; nenhum motivo; без причины; bez prichiny; просто так"
)
NO_REASON_MAX_WORDS: Final = 4


def gives_no_reason(text: str) -> bool:
    """A short yes or no, or "no reason", where a reason was asked (it was sent as the reason: "Reason: yes")."""
    words = _words(text)
    if not words or len(words) > NO_REASON_MAX_WORDS:
        return False
    return _says(words, NO_REASON_PHRASES) or (len(words) <= 2 and yes_no(text) is not None)


def reason_given(text: str) -> str | None:
    """The reason said after a request ("…annullare l'ordine, il cliente ha cambiato idea", "… bo kuchnia w
    remoncie"), if one of two words or more."""
    parts = REASON_SPLIT.split(text, maxsplit=1)
    rest = _BECAUSE_FIRST.sub("", parts[1].strip(" ,.;:!?")) if len(parts) == 2 else ""
    return rest if len(rest.split()) >= REASON_MIN_WORDS else None


# Keeping what was about to be cancelled: "keep it", "quero manter", "teniamolo", "zostawmy", "palikite", "paturēt",
# "оставьте" — or a no with the cancel verb negated ("нет, не надо отменять", "no, non annullare").
KEEP_STEMS: Final = ("keep", "manter", "mantem", "tenia", "zostaw", "zostan", "zachow", "palik", "paliek",
                     "paturet", "atstaj", "остав", "остает", "остаёт", "остан", "сохран", "lieka", "lieku")  # fmt: skip
# "Wait", said to stop what is about to happen: "oh wait no…", "погодите", "espera", "aspetta", "pagaidi".
WAIT_WORDS = word_set(
    "wait hold palauk palaukit palaukite luktelk pagaidi pagaidiet czekaj poczekaj chwila zaraz "
    "aspetta aspettate attendi espera espere esperem calma погоди погодите подожди подождите стоп"
)
# "after all", "actually": a change of mind about what was said before ("nie, jednak 22 stycznia").
AFTER_ALL_WORDS = word_set("actually jednak anzi afinal tomer всё-таки все-таки vsetaki vis delto realta")


# "I meant": what was said before is corrected ("atsiprašau, turėjau omeny 250 vnt", "atvainojiet, es domāju 80").
MEANT_PHRASES = _phrases(
    "i meant; i mean; meant to say; turejau omeny; turejau omenyje; turejau galvoje; noriu pasakyti; norejau pasakyti; "
    "es domaju; es gribeju teikt; chodzilo mi o; chodzilo mi; mialem na mysli; mialam na mysli; intendevo; "
    "volevo dire; queria dizer; quis dizer; я имел в виду; я имела в виду; имел в виду; имела в виду; "
    "ya imel v vidu; imel v vidu"
)


def says_meant(text: str) -> bool:
    """ "atsiprašau, turėjau omeny 250 vnt", "chodziło mi o 250": what was said before is corrected."""
    return _says(_words(text), MEANT_PHRASES)


def takes_back(text: str) -> bool:
    """ "нет, подождите…", "ne, palaukit…", "nie, jednak…": the message stops to change something said before."""
    words = set(_words(text))
    return bool(words & (WAIT_WORDS | AFTER_ALL_WORDS)) or after_self_correction(text) is not None


# The words that negate the verb after them: "don't cancel", "не отменяйте", "não cancela", "nie anuluj".
VERB_NEGATIONS = word_set("dont not never no ne nie non nao не")
MODAL_WORDS = word_set(
    "want wanna need to have quero queria preciso chce chcemy chcialbym chcialabym trzeba хочу хотим надо нужно "
    "voglio vogliamo serve noriu norime reikia gribu gribam vajag"
)
MODAL_GAP: Final = 3
# "leave it as it is": at "Why do you cancel?" these keep the order (elsewhere they can mean "forget it").
LEAVE_AS_IS = _phrases(
    "leave it; lascia stare; lasciamo stare; lascia cosi; resta cosi; deixa estar; deixa ficar; fica assim; "
    "fica a encomenda; afinal fica; pode ficar; que fique; "
    "пусть будет; пусть остается"
)
KEEP_SHORT_WORDS: Final = 4
# A change of mind said in words, which with a keep word keeps it: "mudei de ideias, fica a encomenda".
CHANGED_MIND = _phrases(
    "changed my mind; after all; mudei de ideia; mudei de ideias; mudei de opiniao; afinal; ho cambiato idea; "
    "cambiato idea; alla fine; zmienilem zdanie; zmienilam zdanie; jednak; persigalvojau; apsigalvojau; tomer; "
    "vis delto; pardomaju; передумал; передумала; передумали; все таки; всё таки"
)


def negates_cancelling(text: str) -> bool:
    """ "don't cancel", "не отменяйте", "nao cancela", "neatcel", "neatšaukit": the cancel verb said with a no."""
    words = _words(text)
    for i, word in enumerate(words):
        if word.startswith("ne") and word[2:].startswith(CANCEL_VERB_STEMS):
            return True
        if not word.startswith(CANCEL_VERB_STEMS):
            continue
        j = i - 1
        while j >= 0 and i - j <= MODAL_GAP and words[j] in MODAL_WORDS:
            j -= 1  # "nao quero cancelar", "не хочу отменять", "i dont want to cancel": a wish between them
        if j >= 0 and words[j] in VERB_NEGATIONS:
            return True
    return False


CANCEL_IT_MAX_WORDS: Final = 6


def cancels_the_one_shown(text: str) -> bool:
    """ "ладно, всё-таки отмените его", "vis del to atsaukit", "afinal cancela": a short message with a cancel verb,
    not negated, that names nothing else — about the enquiry or order on the screen."""
    words = _meaningful(_words(text))
    return (
        0 < len(words) <= CANCEL_IT_MAX_WORDS
        and has_stem(text, CANCEL_VERB_STEMS)
        and not negates_cancelling(text)
        and yes_no(text) != "no"
    )


# Saving an offer as a draft in words: "save as draft", "išsaugok kaip juodraštį", "saglabā melnrakstu", "zapisz jako
# szkic", "salva come bozza", "guardar como rascunho", "сохрани как черновик" (folded stems).
DRAFT_STEMS: Final = ("draft", "juodrast", "melnrakst", "szkic", "bozza", "rascunho", "черновик", "chernovik")
SAVE_STEMS: Final = ("save", "saugo", "saugot", "issaug", "saglab", "zapis", "salva", "guard", "сохран", "sohran")
SAVE_DRAFT_MAX_WORDS: Final = 6


def saves_draft(text: str) -> bool:
    words = _words(text)
    if not words or len(words) > SAVE_DRAFT_MAX_WORDS or not has_stem(text, DRAFT_STEMS):
        return False
    return has_stem(text, SAVE_STEMS) or len(words) <= 2


def keeps(text: str) -> bool:
    """A change of mind that keeps it, to "Why do you cancel?" — not a reason that happens to open with "no".

    "нет, не надо отменять", "no, keep it", "a jednak nie, niech zostanie", "pagaidi, tomer neatcel", "espera, afinal
    nao cancela", "no aspetta, lascia stare": a no, a wait, or a short message, with a keep word, a negated cancel
    or "leave it"."""
    words = _words(text)
    if not words or saves_draft(text):  # "сохрани как черновик" (save as a draft) discarded the draft as a keep-no
        return False
    if negates_cancelling(text):
        return True
    opens_with_no = yes_no(text) == "no"
    if opens_with_no and has_stem(text, CANCEL_VERB_STEMS):
        return True  # "no, cancel" answers a yes/no question elsewhere; here the no comes first: keep
    keep_word = any(w.startswith(KEEP_STEMS) for w in words)
    meaningful = _meaningful(words)  # "fica a encomenda": the phrase without its filler
    leave = any(_starts_with(meaningful[i:], LEAVE_AS_IS) for i in range(len(meaningful)))
    if not (keep_word or leave):
        return False
    said_no = opens_with_no or any(w in VERB_NEGATIONS for w in words)
    waits = any(w in WAIT_WORDS for w in words[:3]) or _says(words, CHANGED_MIND)
    opens_with_keep = any(w.startswith(KEEP_STEMS) for w in words[:2])  # "keep it, I changed my mind"
    return said_no or waits or opens_with_keep or len(words) <= KEEP_SHORT_WORDS


def cancel_request(text: str) -> CancelWhat | None:
    """What a short message asks to cancel or withdraw: "enquiry", "order", "any" (both or unclear), or None
    when it names no enquiry or order to take back ("cancel" alone stops the current step instead)."""
    words = _words(text)
    if len(words) > CANCEL_MAX_WORDS:  # "purtroppo dobbiamo annullare l'ordine, il cliente ha cambiato idea"
        first = REASON_SPLIT.split(text, maxsplit=1)[0]
        if len(_words(first)) < len(words) and (found := cancel_request(first)) is not None:
            return found
        # "actually we don't need it anymore, please withdraw my enquiry, the seminar was cancelled": its clause
        clauses = [c for c in _CLAUSES.split(text) if c.strip()]
        return next((w for c in clauses[1:] if 0 < len(_words(c)) <= CANCEL_MAX_WORDS
                     and (w := cancel_request(c)) is not None), None)  # fmt: skip
    if not words or not has_stem(text, CANCEL_VERB_STEMS):
        return None
    enquiry = has_stem(text, CANCEL_ENQUIRY_STEMS)
    order = has_stem(text, CANCEL_ORDER_STEMS)
    if has_stem(text, CANCEL_EITHER_STEMS) or (enquiry and order):
        return "any"
    return "enquiry" if enquiry else "order" if order else None


MENTION_STEM: Final = 5  # "kepyklai" names "Kepykla", "пекарню" names "Пекарня": inflected endings differ


def mentions(text: str, name: str) -> int:
    """How many words of ``text`` name a word of ``name`` (an organisation, an offer's title), inflected or
    not; the words that ask to cancel are left out."""
    stems = (*CANCEL_VERB_STEMS, *CANCEL_ENQUIRY_STEMS, *CANCEL_ORDER_STEMS, *CANCEL_EITHER_STEMS)
    theirs = {w[:MENTION_STEM] for w in _words(name) if len(w) >= 4}
    # "para", "dezembro", "with" name nothing: "mudar o prazo para 22 de dezembro" named "Catering para eventos"
    mine = {w[:MENTION_STEM] for w in _words(text)
            if len(w) >= 4 and w not in STOP_WORDS and not any(s in w for s in stems)}  # fmt: skip
    # a short word that starts a longer one names it too: "logo" names "Logotipo", "torta" names "tortas"
    return sum(1 for m in mine if m in theirs or (len(m) < MENTION_STEM and any(t.startswith(m) for t in theirs)))


# A need or an offer, said in so many words: Rasa's search_offers / post_offer is overruled only when the message says
# one and not the other. Why: a long message that describes the sender ("we are a small cafe in Kaunas, our guests…")
# reads like an offer to a model trained on short phrases, but "we need" / "reikėtų" / "нужно" says what it is.
NEED_PHRASES = _phrases(
    # en
    "need; needs; needed; i need; we need; looking for; look for; searching for; search for; in search of; "
    "want to order; would like to order; like to order; who can; who could; anyone who; anybody who; "
    "someone who; somebody who; someone to; somebody to; is there anyone; does anyone; can anyone; could anyone; "
    "can someone; could someone; required; we require; lookin for; how much would; how much will; "
    # lt
    "reikia; reiketu; reikes; reikejo; ieskau; ieskome; ieskom; ieskoma; noretume uzsakyti; noreciau uzsakyti; "
    "norime uzsakyti; noriu uzsakyti; kas galetu; kas gali; kas galeti; ar kas; gal kas; ar kas nors; "
    "ar galetumete; gal galetumete; reikalingas; reikalinga; reikalingi; reikalingos; surasti; rasti kas; "
    "ieško; ieškojo; ieškotų; kiek kainuotų; "
    # lv
    "vajag; vajadzetu; vajadzes; vajadzeja; nepieciesams; nepieciesama; nepieciesami; meklejam; mekleju; "
    "mekle; gribam pasutit; gribetu pasutit; gribetos pasutit; kas varetu; kas var; vai kads; vai kada; "
    "vai jus varetu; kadu kas; vajadzīgs; vajadzīga; vajadzīgi; vajadzīgas; cik maksātu; "
    # pl
    "potrzebuje; potrzebujemy; potrzebny; potrzebna; potrzebne; potrzebni; szukam; szukamy; szuka; "
    "poszukujemy; poszukuje; chcemy zamowic; chcialbym zamowic; chcialabym zamowic; chcielibysmy zamowic; "
    "kto moze; kto moglby; kto zrobi; czy ktos; kogos kto; szukają; potrzebują; potrzebowałbym; potrzebowałabym; "
    "potrzebowalibyśmy; ile by kosztowało; "
    # it
    "ho bisogno; abbiamo bisogno; avremmo bisogno; avrei bisogno; bisogno di; serve; servono; servirebbe; "
    "servirebbero; cerco; cerchiamo; cerca; vorrei ordinare; vorremmo ordinare; chi puo; chi potrebbe; "
    "qualcuno che; qualcuno puo; qualcuno potrebbe; c e qualcuno; cercando; cercano; necessita; necessitiamo; "
    "quanto costerebbe; "
    # pt
    "preciso; precisamos; precisava; precisavamos; procuro; procuramos; procura; queria encomendar; "
    "queriamos encomendar; gostaria de encomendar; quem faz; quem faca; quem pode; quem consegue; quem possa; "
    "alguem que; alguem pode; alguem faz; alguem consegue; precisa; precisam; precisaria; precisariamos; "
    "a procura de; quanto custaria; quanto custa; "
    # ru
    "нужен; нужна; нужно; нужны; надо; ищу; ищем; ищет; хочу заказать; хотим заказать; хотели бы заказать; "
    "кто может; кто сможет; кто нибудь; может кто; требуется; требуются; необходимо; необходим; необходима; "
    "ищут; понадобится; понадобятся; пригодились бы; пригодился бы; пригодилась бы; сколько будет стоить; "
    # asking what is on offer: "что у вас есть по ремонту машин", "what do you have for weddings"
    "what do you have; do you have any; ka turite; ar turite; kas jums ir; vai jums ir; co macie; czy macie; "
    "cosa avete; avete qualcosa; o que tem; o que voces tem; tem algo; что у вас есть; есть ли у вас"
)
OFFER_PHRASES = _phrases(
    # en
    "we offer; we make; we bake; we sew; we repair; we build; we produce; we provide; we sell; we can make; "
    "we can do; we can offer; our students can; our students make; our students do; our students offer; "
    "my students can; students in my; students of our; we accept orders; we take orders; orders accepted; "
    "add a listing; post an offer; new offer; contact us; we have students; "
    # lt
    "siulome; siulau; gaminame; kepame; siuvame; remontuojame; priimame uzsakymus; musu mokiniai; "
    "mano mokiniai; musu moksleiviai; musu studentai; galime pagaminti; naujas pasiulymas; susisiekite su mumis; "
    "turime mokiniu; "
    # lv
    "piedavajam; piedavaju; gatavojam; izgatavojam; sujam; cepam; pienemam pasutijumus; musu audzekni; "
    "musu skolas audzekni; "
    "mani audzekni; varam izgatavot; sazinieties ar mums; mums ir audzekni; "
    # pl
    "oferujemy; oferuje; proponujemy; wykonujemy; robimy; pieczemy; szyjemy; przyjmujemy zlecenia; "
    "przyjmujemy zamowienia; "
    "nasi uczniowie; uczniowie naszego; uczniowie naszej; moi uczniowie; mozemy wykonac; mozemy zrobic; "
    "skontaktuj sie z nami; skontaktujcie sie z nami; mamy uczniow; "
    # it
    "offriamo; offro; proponiamo; realizziamo; prepariamo; facciamo; cuciniamo; accettiamo ordini; i nostri studenti; "
    "gli studenti del nostro; i nostri ragazzi; i miei studenti; i nostri allievi; possiamo realizzare; "
    "possiamo fare; contattateci; contattaci; abbiamo studenti; abbiamo ragazzi; "
    # pt
    "oferecemos; ofereco; fazemos; fabricamos; preparamos; aceitamos pedidos; aceitamos encomendas; os nossos alunos; "
    "os alunos do nosso; nossos alunos; os meus alunos; podemos fazer; temos alunos; temos formandos; "
    "contacte nos; contactem nos; "
    # ru
    "предлагаем; предлагаю; делаем; изготавливаем; печем; шьем; принимаем заказы; наши студенты; наши ученики; "
    "студенты нашего; ученики нашего; мои ученики; можем сделать; можем изготовить; свяжитесь с нами; "
    # a school as the subject, in the third person ("mokykla siūlo padangų keitimą Alytuje")
    "the school offers; school offers; mokykla siulo; mokykla gamina; skola piedava; skola izgatavo; "
    "szkola oferuje; szkola wykonuje; la scuola offre; scuola offre; a escola oferece; escola oferece; "
    "a escola faz; школа предлагает; колледж предлагает; техникум предлагает; "
    "galim pasiuti; galim pagaminti; galim padaryti; galime padaryti; galime pasiuti; "
    "у нас есть студенты; у нас есть ученики"
)


def _says(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Some phrase occurs anywhere in ``words`` as consecutive words."""
    places = {w: i for i, w in enumerate(words)}
    for phrase in phrases:
        if phrase[0] not in places:
            continue
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i, w in enumerate(words) if w == phrase[0]):
            return True
    return False


_CAP_BEFORE_NUMBER: Final = re.compile(
    r"(?:^|\s)(?:up to|under|below|max|maximum|budget|iki|daugiausia|lidz|maksimums|do|najwyzej|maksymalnie|fino a|"
    r"massimo|entro|ate|maximo|до|не дороже|не более|максимум)\s*(?:€\s*\d|\d[\d\s.,]*(?:€|eur|zl|pln|евро))"
)


def _budget(text: str) -> bool:
    """A price ceiling written before an amount in money ("līdz 600 eur", "до 50 евро"), not "up to 50 people"."""
    return bool(_CAP_BEFORE_NUMBER.search(fold(text)))


# Learners as the subject of a sentence are a school describing what it offers ("Gli allievi del corso fanno…",
# "Os alunos da nossa escola fazem…", "Mūsų IT mokiniai sukurs…"): nominative plurals only, so "for our students"
# in another case ("dla naszych uczniów", "для наших учеников") is not one.
LEARNERS = word_set(
    "students pupils learners trainees apprentices "
    "mokiniai moksleiviai studentai mokines aukletiniai kursantai "
    "audzekni audzeknes skoleni skolenes studenti kursanti "
    "uczniowie uczennice studenci kursanci sluchacze praktykanci "
    "studentesse allievi allieve alunni ragazzi "
    "alunos alunas formandos formandas estudantes aprendizes "
    "студенты ученики учащиеся курсанты"
)
# A class, group or school is the subject saying what it offers only after "our" ("Mūsu metālapstrādes grupa var
# izgatavot vārtus", "nasza szkoła ogrodnicza przycina…"); "a escola do meu filho precisa…" needs.
GROUPS = word_set(
    "class group course school grupe grupa klase kursas kurss mokykla skola klasa szkola classe corso scuola "
    "turma curso escola группа класс курс школа колледж"
)
OUR = word_set(
    "our my musu mano mani manas mans nasi nasze naszej naszego nasza moi moja mojej mojego "
    "nostri nostre nostro nostra miei mie mio mia nossos nossas nosso nossa meus minhas meu minha "
    "наши нашего нашей наша мои моего моей моя"
)
# Before "our", these make it not the subject ("a cake for our students").
_NOT_SUBJECT = word_set(
    "for to with by from at of per para a com con di de da do dos das dla z ze w na o al ai alle dei "
    "del della pelos pelas aos para su is pas ar no uz pie priekš для у с от к о из"
)
# "Need a website? Our students build them": a need said in a question and answered by an offer is the offer's
# hook. So is a need after "if" ("if you need photos, our students…", "se precisarem", "jeśli potrzebujesz").
_IF = word_set("if jei jeigu jeinu ja jesli jezeli jak se если")
IF_REACH: Final = 4  # "jak ktoś z firm szuka…": the need verb within this many words after "if"
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def _learners_say_offer(words: list[str]) -> bool:
    """A learner noun opening the sentence (after an article) or right after "our"/"my" that is not itself
    after a preposition: the school is saying what its students do."""
    for i, word in enumerate(words):
        if word not in LEARNERS and word not in GROUPS:
            continue
        if word in LEARNERS and (i == 0 or (i == 1 and words[0] in ("os", "as", "gli", "i", "le", "the"))):
            return True
        for j in (i - 1, i - 2, i - 3):
            if j >= 0 and words[j] in OUR and (j == 0 or words[j - 1] not in _NOT_SUBJECT):
                return True
    return False


def _says_need(words: list[str]) -> bool:
    """A need phrase that is not in an "if" clause ("if you need…" offers)."""
    where: dict[str, list[int]] = {}
    for k, word in enumerate(words):
        where.setdefault(word, []).append(k)
    for phrase in NEED_PHRASES:
        n = len(phrase)
        for i in where.get(phrase[0], ()):
            if tuple(words[i : i + n]) == phrase and not any(w in _IF for w in words[max(0, i - IF_REACH) : i]):
                return True
    return False


# "Does anyone need leaflets? Our class makes them": a need asked of *anyone* is an offer's hook, never the sender's
# need. And "how do I add a new offer?" asks about offering: a question, but no need.
HOOK_PHRASES = _phrases(
    "does anyone need; anyone need; anybody need; does anybody need; does any company need; any company need; "
    "does your company need; does your business need; "
    "ar kam reikia; ar kam nors reikia; kam nors reikia; ar kam nors reiktu; ar kuriai imonei reikia; "
    "vai kadam vajag; vai kadam vajadzetu; kadam vajag; vai kadam nav vajadzigs; "
    "czy ktos potrzebuje; ktos potrzebuje; czy jakas firma potrzebuje; czy ktos szuka; "
    "qualcuno ha bisogno; a qualcuno serve; a qualcuno servono; qualche azienda ha bisogno; "
    "alguem precisa; alguma empresa precisa; alguem esta a precisar; "
    "кому нужно; кому нужен; кому нужна; кому нужны; кому-нибудь нужно; кому нибудь нужно; кому то нужно; "
    "кто нибудь нуждается; какой-нибудь фирме нужно; "
    "if anyone needs; if any company needs; if anyone is looking; jei kam reikia; jei kuriai imonei reikia; "
    "ja kadam vajag; jak ktos szuka; jesli ktos szuka; jak ktos potrzebuje; jesli ktos potrzebuje; "
    "se qualcuno cerca; se qualcuno ha bisogno; se alguem precisa; se alguma empresa precisa; "
    "если кому то нужно; если кому нужно; если кому-то нужно; "
    "komu nuzhno; komu nuzhen; komu nuzhna; komu nuzhny"
)
POSTING_PHRASES = _phrases(
    "add an offer; add a new offer; post a new offer; put an offer; advertise that; add our services; post an offer; "
    "post offer; publish an offer; publish a new offer; create an offer; create a new offer; new offer; "
    "pridek pasiulyma; idek pasiulyma; ikelk pasiulyma; pievieno piedavajumu; ievieto piedavajumu; "
    "dodaj oferte; dodaj nowa oferte; wystaw oferte; opublikuj oferte; aggiungi un annuncio; aggiungi un offerta; "
    "pubblica un offerta; nuova offerta; adiciona uma oferta; publica uma oferta; добавь предложение; "
    "размести предложение; "
    "ideti pasiulyma; pridet pasiulyma; prideti pasiulyma; ikelti pasiulyma; naujas pasiulymas; naujo pasiulymo; "
    "pievienot piedavajumu; pievienot jaunu piedavajumu; jaunu piedavajumu; ievietot piedavajumu; "
    "dodac oferte; dodac nowa oferte; wystawic oferte; nowa oferte; nowej oferty; "
    "aggiungere un annuncio; metto un annuncio; annuncio nuovo; nuovo annuncio; pubblicare un annuncio; "
    "nuova offerta; "
    "adicionar uma oferta; publicar uma oferta; nova oferta; novo anuncio; colocar um anuncio; "
    "добавить предложение; новое предложение; разместить предложение; разместить объявление; "
    "dobavit predlozhenie"
)
# A teacher asking how to post one: "como ponho uma oferta nova?", "come faccio a mettere le nostre offerte?",
# "nesuprantu kaip įdėti naują pasiūlymą", "how do I post a new offer?".
HOW_WORDS = word_set("how kaip ka kā ko kur jak come como как kak gdzie onde dove где")
HOW_TO_POST_MAX_WORDS: Final = 9


def asks_how_to_post(text: str) -> bool:
    last = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    words = _words(last[-1]) if last else []
    if not words or len(words) > HOW_TO_POST_MAX_WORDS or any(w.isdigit() for w in words):
        return False
    names_offer = any(w.startswith(POSTING_NOUNS) for w in words)
    if not names_offer or has_stem(last[-1], DETAILS_STEMS):  # "how much is the first offer?" asks about one
        return False
    return (
        any(w in HOW_WORDS for w in words)
        or _says(words, POSTING_PHRASES)
        or _says(_meaningful(words), POSTING_PHRASES)
    )


# "Do your students repair cars?", "ваши студенты ремонтируют машины?": a company asking about the school's
# learners needs something.
YOUR_LEARNERS = _phrases(
    "your students; your pupils; your school; jusu mokiniai; jusu mokykla; jusu studentai; jusu audzekni; "
    "jusu skola; wasi uczniowie; wasza szkola; i vostri studenti; i vostri ragazzi; la vostra scuola; "
    "os vossos alunos; os seus alunos; a vossa escola; ваши студенты; ваши ученики; ваша школа; "
    "vashi studenty; vashi ucheniki"
)
# "…anyone interested?": the question an offer ends with.
INTEREST_PHRASES = _phrases(
    "anyone interested; interested; interessado; interessados; interessadas; qualcuno interessato; interessati; "
    "zainteresowany; zainteresowani; zainteresowanych; susidomejes; susidomejusiu; interesanti; interesejas; "
    "заинтересован; заинтересованы; интересует кого"
)
_NEED_FIRST_WORDS = frozenset(p[0] for p in NEED_PHRASES)
_TOKEN_RE = re.compile(r"\S+")


def need_start(text: str) -> int | None:
    """Where in ``text`` (a character offset) a need is first said in so many words, or None.

    Why: what a message needs comes after the words that say so — "we run a small bakery and we need 300 paper
    bags", "somos uma padaria… precisamos de um logotipo" — while what comes before describes the sender. The
    category look-up reads from here first."""
    tokens = list(_TOKEN_RE.finditer(text[:1000]))
    for k, token in enumerate(tokens):
        if fold(token.group()).strip(",.;:!?") not in _NEED_FIRST_WORDS:
            continue
        words = _meaningful(_words(" ".join(t.group() for t in tokens[k : k + 5])))
        before = _words(" ".join(t.group() for t in tokens[max(0, k - 3) : k]))
        if _starts_with(words, NEED_PHRASES) and not any(w in _IF for w in before):
            return token.start()
    return None


_BUT = word_set("but mas ma pero bet taciau tacau ale но однако")


def _stance_of(text: str) -> Literal["need", "offer"] | None:
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    words = _meaningful(_words(text.replace("ё", "е").replace("Ё", "Е")))
    # Learners opening a question are asked about ("os alunos conseguem fazer floreiras?"), not offered.
    interest = _says(words, INTEREST_PHRASES) or _says(words, POSTING_PHRASES)
    offer = (
        _says(words, OFFER_PHRASES)
        or interest
        or any(_learners_say_offer(_meaningful(_words(s))) for s in sentences if not s.rstrip().endswith("?"))
    )
    # A question is a need's mark, except the one an offer ends with ("…2 eur a cake, anyone interested?").
    asks_about_learners = "?" in text and _says(words, YOUR_LEARNERS)  # "do your students do car repairs? my van…"
    need = _says_need(words) or _budget(text) or (not interest and text.rstrip().endswith("?")) or asks_about_learners
    if need and offer:
        # "we bake our own bread but need someone to design the packaging": what comes after "but" is the point.
        buts = [i for i, w in enumerate(words) if w in _BUT]
        if buts and _says_need(words[buts[-1] :]) and not _says(words[buts[-1] :], OFFER_PHRASES):
            return "need"
        return None
    if not (need or offer):
        return None
    return "need" if need else "offer"


def stance(text: str) -> Literal["need", "offer"] | None:
    """ "need" or "offer" when the message says exactly one of them, else None.

    A budget ("up to 600 eur", "līdz 600") and a question ("car service in Rēzekne?") are a need's marks too:
    an offer states its price and is not asked. But a message that opens with a question and goes on to say
    what the sender offers or needs is read by what follows ("Need a website? Our students build them")."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    if _says(_meaningful(_words(text)), HOOK_PHRASES):  # "does anyone need posters? our class is looking for…"
        return "offer"
    if len(sentences) > 1 and sentences[0].rstrip().endswith("?"):
        rest = _stance_of(" ".join(sentences[1:]))
        if rest is not None:
            return rest
    return _stance_of(text)


# Alerts about new offers (saved searches). Folded word starts; a space inside is a phrase, a space at the
# end means the whole word ("уведоми " is a request, "уведомления" the alerts themselves).
# "Let me know when something like this appears", "praneškite, kai atsiras", "paziņojiet", "daj znać",
# "avvisami", "avisa-me", "сообщите, когда появится".
ALERT_REQUEST_STEMS: Final = (
    "let me know", "let us know", "notify me", "notify us", "alert me ", "alert us ", "tell me when",
    "tell us when", "keep me posted", "keep us posted", "save this search", "save the search", "save my search",
    "subscribe",
    "pranesk", "informuok", "duok zinot", "duokite zinot", "issaugok paiesk", "issaugokite paiesk",
    "isiminkite paiesk", "prenumeruo",
    "pazinojiet", "pazino man", "pazinot", "dodiet zin", "dod zin", "saglaba meklesan", "saglabajiet meklesan",
    "daj znac", "dajcie znac", "dajcie mi znac", "daj mi znac", "daj nam znac", "dajcie nam znac",
    "powiadom mnie", "powiadomcie", "poinformuj", "zapisz wyszuk",
    "zapiszcie wyszuk", "zasubskrybuj",
    "avvisami", "avvisatemi", "avvisaci", "fammi sapere", "fatemi sapere", "fateci sapere", "notificami",
    "salva la ricerca", "salva ricerca", "salva questa ricerca",
    "avisa me", "avise me", "avisem me", "me avise", "me avisa", "me avisem", "avisar me", "notifica me",
    "notifique me", "me notifique", "guarda a pesquisa", "guardar a pesquisa", "guarde a pesquisa",
    "guarda esta pesquisa", "salvar a pesquisa", "salva a pesquisa",
    "сообщите", "сообщи мне", "сообщи когда", "уведомите", "уведоми ", "дайте знать", "дай знать", "оповестите",
    "оповести ", "сохрани поиск", "сохраните поиск", "подпишите", "подпиши ",
)  # fmt: skip
# The alerts themselves ("my alerts", "pranešimus", "paziņojumus", "powiadomienia", "avvisi", "alertas", "уведомления").
ALERT_NOUN_STEMS: Final = (
    "alert", "notification", "saved search", "subscription",
    "pranesim", "ispejim", "issaugot paiesk", "prenumerat",
    "pazinojum", "bridinajum", "saglabat meklesan", "abonement",
    "powiadomien", "zapisane wyszuk", "subskrypc",
    "avvisi ", "notifiche", "ricerche salvat", "ricerca salvat", "abbonament",
    "aviso", "notificac", "pesquisas guardad", "pesquisa guardad", "subscric",
    "уведомлен", "оповещен", "подписк", "оповещалк",
)  # fmt: skip
# Stopping them: "stop", "ištrinkite", "dzēst", "usuń", "elimina", "apaga", "удалите", "отключите".
ALERT_STOP_STEMS: Final = (
    "stop", "delete", "remove", "cancel", "turn off", "switch off", "unsubscribe", "disable", "clear",
    "istrin", "isjung", "isjunk", "atsisak", "nutrauk", "panaikin", "sustabd", "pasalin",
    "dzes", "izdzes", "aptur", "atcel", "izsledz", "nonem",
    "usun", "wylacz", "zatrzymaj", "anuluj", "skasuj", "wypisz",
    "elimin", "cancell", "ferma", "disattiv", "rimuov", "togli", "basta",
    "apag", "cancel", "pare ", "parar", "desativ", "remov", "deslig",
    "удал", "отключ", "останов", "отмен", "отпиш", "хватит", "убер", "сотри",
)  # fmt: skip
ALERT_ALL = word_set(
    "all every both visus visas visi visus visu visas wszystkie wszystko tutti tutte todos todas все всё всех"
)
ALERT_MAX_WORDS: Final = 14
AlertCommand = Literal["save", "list", "delete", "delete_all"]


def _starts_a_word(words: list[str], stems: tuple[str, ...]) -> bool:
    haystack = f" {' '.join(words)} "
    return any(f" {stem}" in haystack for stem in stems)


def alerts_command(text: str) -> AlertCommand | None:
    """What a short message asks of the alerts about new offers: "save" the last search as one ("let me know
    when something like this appears"), "list" them ("my alerts"), "delete" one ("delete alert 2": which one is
    ``ordinal``'s) or "delete_all" ("stop all alerts"); None when it is about something else."""
    words = _words(text)
    if not words or len(words) > ALERT_MAX_WORDS:
        return None
    noun = _starts_a_word(words, ALERT_NOUN_STEMS)
    if noun and _starts_a_word(words, ALERT_STOP_STEMS):
        return "delete_all" if any(w in ALERT_ALL for w in words) else "delete"
    if _starts_a_word(words, ALERT_REQUEST_STEMS):
        return "save"
    if noun and len(_meaningful(words)) <= 4:
        return "list"
    return None


# The words around the thing in "let me know when someone offers bike repair in Riga": what is left after the
# request and these is the thing to watch for; nothing left ("…when something like this appears") means the
# search just shown.
ALERT_FILLER = word_set(
    "me us about for when if once someone somebody anyone anybody something anything offers offer offering will "
    "would appears "
    "appear shows show up there is are new starts start has have any like this that similar such one ones kind "
    "kai kada jei jeigu kas nors kazkas kazka pasiules siulys siulo pasirodys atsiras bus naujas nauja nauju tai toks "
    "tokio panasu panasus panasaus mane mums "
    "kad ja kads kada kaut kas piedavas piedava paradisies paradas paradisies bus jauns jauna jaunu lidzigs tads "
    "man mums "
    "kiedy gdy jak jesli ktos cos zaoferuje oferuje oferowac pojawi sie bedzie nowe nowa nowy zacznie takie podobne "
    "to mnie nam "
    "quando se qualcuno qualcosa offre offrira offrire appare apparira comparira sara nuovo nuova ci simile questo "
    "mi "
    "alguem algo oferecer oferece oferecerem aparecer aparece surgir houver novo nova haja semelhante isso isto "
    "algum alguma "
    "когда если кто нибудь кто-нибудь что-нибудь будет будут предлагать предложит предложат появится появятся "
    "новое новый новые похожее похожие такое это мне нам что то нибудь"
)


# "like this", "similar": the search just shown, in the seven languages.
SIMILAR_STEMS: Final = ("similar", "alike", "panas", "tokio", "toki", "lidzig", "tada", "podobn", "takie", "takiego",
                        "simil", "del genere", "semelhant", "parecid", "похож", "такое", "такие", "подобн")  # fmt: skip


def alert_subject(text: str) -> str | None:
    """The thing "let me know when someone offers bike repair in Riga" asks to watch for ("bike repair in Riga"),
    in the words as typed; None when it names none (then the search just shown is meant)."""
    folded = f" {' '.join(_words(text))} "
    ends = [folded.find(f" {stem}") + 1 + len(stem) for stem in ALERT_REQUEST_STEMS if f" {stem}" in folded]
    if not ends:
        return None
    tail = folded[min(ends) :]
    rest = tail.split(" ", 1)[1].split() if " " in tail else []  # after the word the request ends in
    if any(w.startswith(SIMILAR_STEMS) for w in rest):
        return None  # "…when something like this appears in Latvia": the search shown (the place narrows it)
    subject = [w for w in rest if w not in ALERT_FILLER and w not in FILLER]
    return " ".join(subject) if subject else None


# "The one" pointing at a single result by a trait ("the one from Kaunas", "ta kur iš Kauno", "quello lituano",
# "o de Vilnius", "тот, что из Вильнюса"): demonstratives in the seven languages, folded.
ONE_WORDS = word_set(
    "one ta tas tuo to ten tego tej te quello quella quel aquele aquela esse essa o тот та того ту тот-то который"
)
POINTING_MAX_WORDS: Final = 7
# Asking for a language in so many words: "speak", "write", "language", "switch" in the seven languages.
LANGUAGE_REQUEST_STEMS: Final = (
    "speak", "talk", "language", "write", "switch", "change", "kalb", "rasyk", "valod", "runa", "raksti", "jezyk",
    "mow", "pisz", "lingua", "parla", "scriv", "lingu", "fala", "escrev", "idioma", "язык", "говор", "пиш",
    "переключ", "po ", "по-", "in ", "em ", "на ",
)  # fmt: skip


# Asking to order or enquire about one of the results shown: "I want to order this", "quero encomendar o dos bolos",
# "es gribu pasūtīt", "chcę zamówić", "vorrei ordinare", "хочу заказать" (folded stems).
ORDER_STEMS: Final = ("order", "enquir", "uzsakyt", "uzsakys", "uzsakau", "uzsakom", "pasutit", "pasutis", "pasutu",
                      "pasutam", "zamow", "zamawiam", "ordinar", "ordino", "ordiniam", "encomend", "заказа", "закаж",
                      "zakazat", "zakazh", "pedir", "pieprasit", "pieprasis", "uzklaust", "una richiesta")  # fmt: skip
# Taking one of the results: "I'll take the cheaper one", "imsim pirmą", "ņemsim otro", "weźmiemy ten", "prendo il
# secondo", "fico com o primeiro", "возьмём первый" (it re-ran the search; the enquiry never started).
TAKE_PHRASES = _phrases(
    "i ll take; ill take; i will take; we ll take; well take; we will take; i take; we take; "
    "imsiu; imsim; imsime; paimsiu; paimsim; nemsu; nemsim; nemsim; panemsim; "
    "wezme; wezmiemy; biore; bierzemy; "
    "prendo; prendiamo; prenderei; prenderemo; "
    "fico com; ficamos com; vou levar; levo; levamos; "
    "возьму; возьмём; возьмем; беру; берём; берем; vozmu; vozmem; beru; berem"
)


# The fields of an offer's draft by name, in the seven languages (folded stems): "tytuł", "pavadinimas", "категория".
DRAFT_FIELD_STEMS: Final[dict[str, tuple[str, ...]]] = {
    "title": ("title", "pavadinim", "nosaukum", "tytul", "titolo", "titulo", "назван", "заголов"),
    "category": ("categor", "kategor", "категор"),
    "desc": ("descri", "apras", "aprakst", "opis", "описан"),
    "price": ("price", "kain", "cena", "cene", "cenu", "prezz", "preco", "цен"),
    "lead": (
        "lead time",
        "delivery time",
        "turnaround",
        "ivykdym",
        "izpild",
        "termin",
        "realizac",
        "tempo",
        "tempi",
        "prazo",
        "срок",
    ),
    "minq": ("minim", "mazak", "maziaus", "najmniej", "миним"),
}
DRAFT_FIELD_MAX_WORDS: Final = 3


# Between a field and its new value: "change the price to 30", "nomaini cenu uz 28", "zmień tytuł na …", "cambia il
# titolo in …", "muda o preço para …", "поменяй название на …", "pakeisk pavadinimą į …".
_NEW_VALUE_AFTER = re.compile(r"\s(?:to|into|uz|na|in|a|para|para o|para a|на|i|į|:)\s+", re.IGNORECASE)
CHANGE_FIELD_MAX_WORDS: Final = 30


# A field stated, not changed: "the title should be …", "lead time is 3 days", "il titolo dovrebbe essere …",
# "pavadinimas turetu buti …", "tytul ma byc …", "o titulo deve ser …", "название должно быть …" (folded).
_FIELD_IS = re.compile(
    r"^\s*(?P<head>(?:\S+\s+){0,2}?\S+)\s+(?:should be|must be|will be|is|turetu buti|turi buti|bus|jabut|"
    r"ma byc|powinien byc|powinna byc|powinno byc|dovrebbe essere|deve essere|sara|e|deve ser|sera|fica|"
    r"должно быть|должен быть|должна быть|будет|lai ir|lai butu|tegul bus|tebunie|niech bedzie|mettilo|mettila|"
    r"metti|sia|seja|пусть будет)\s*:?\s+(?P<value>.+)$",
    re.IGNORECASE,
)
# "cena 120 eur", "prezzo: 26 euro al kg", "title «Tortellini bolognesi»": the field, then its value (a number and
# at most three words — "kaina 30 eur už kg ir per 5 dienas" states two facts —, or words in quotes).
# The field may take two words: "įvykdymo laikas 5 dienos", "mažiausias užsakymas 2 kg" (the number became the price).
# "opis: Tradycyjny sernik…", "descrizione: …": a field's label and a colon (it set the draft aside for a new one)
_FIELD_LABEL = re.compile(r"^\s*(?P<head>\S+(?:\s+\S+)?)\s*:\s*(?P<value>\S.*)$", re.DOTALL)
_FIELD_VALUE = re.compile(r"^\s*(?P<head>\S+(?:\s+\S+)?)\s*[:\-–—]?\s+(?P<value>\d\S*(?:\s+\S+){0,3}|[\"„«“].+)$")


def field_stated(text: str) -> tuple[str, str] | None:
    """(field, value) of "the title should be …" / "lead time is 3 days": a field named in the first words,
    then what it is."""
    found = _FIELD_IS.match(fold(text)) or _FIELD_VALUE.match(fold(text)) or _FIELD_LABEL.match(fold(text))
    if found is None or len(_words(text)) > CHANGE_FIELD_MAX_WORDS:
        return None
    named = [field for field, stems in DRAFT_FIELD_STEMS.items() if has_stem(found.group("head"), stems)]
    value = text[found.start("value") :].strip().strip(_QUOTES).strip()
    return (named[0], value) if len(named) == 1 and value else None


def field_change(text: str) -> tuple[str, str] | None:
    """(field, new value) when a message changes one field of an offer in words ("nomaini cenu uz 28 eiro" →
    ("price", "28 eiro")), else None: a change verb, one field named, and what follows the joining word; or the
    field stated ("the title should be …")."""
    if len(_words(text)) > CHANGE_FIELD_MAX_WORDS or not has_stem(text, CHANGE_STEMS):
        return field_stated(text)
    head, sep, value = text.partition(":") if ":" in text else (None, None, None)
    if not sep:
        found = _NEW_VALUE_AFTER.search(text)
        if found is None:
            return None
        head, value = text[: found.start()], text[found.end() :]
    named = [field for field, stems in DRAFT_FIELD_STEMS.items() if has_stem(head or "", stems)]
    if len(named) != 1 or not (value or "").strip():
        return None
    return named[0], (value or "").strip()


_CLAUSE_JOINERS = re.compile(r"[,;]\s*|\s(?:and|un|ir|i|e|и|y|oraz|ed)\s+", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """The clauses of a message, split at commas and at "and" in the seven languages (each changes one thing:
    "change the quantity to 150 and the deadline to 18 June")."""
    return [c.strip() for c in _CLAUSE_JOINERS.split(text) if c.strip()]


def field_changes(text: str) -> list[tuple[str, str]]:
    """Every field a message changes, one per clause ("nomaini cenu uz 5 eiro un izpildes laiku uz 10 dienām": the
    price and the lead time; only the price was saved). A later clause borrows the first one's verb."""
    verb = text.split()[0] if text.split() else ""
    found: list[tuple[str, str]] = []
    for i, clause in enumerate(clauses(text)):
        change = field_change(clause) or (field_change(f"{verb} {clause}") if i else None)
        if change is not None and change[0] not in {f for f, _ in found}:
            found.append(change)
    return found


def draft_field_named(text: str) -> str | None:
    """The draft field a short message names ("tytuł", "change the title", "категория"), if exactly one."""
    if len(_words(text)) > DRAFT_FIELD_MAX_WORDS:
        return None
    named = [field for field, stems in DRAFT_FIELD_STEMS.items() if has_stem(text, stems)]
    return named[0] if len(named) == 1 else None


# "More ▶" in words: "daugiau", "kitas puslapis", "vairāk", "więcej", "ancora", "mais", "ещё", "дальше".
MORE_WORDS = word_set(
    "more next page show please daugiau kitas kita kitą puslapis prasau vairak nakamo nakama lapa ludzu "
    "wiecej nastepna nastepne nastepny strona prosze altri altre ancora prossima prossimi pagina per favore "
    "mais seguinte seguintes proxima proximas pagina por favor ещё еще дальше следующая следующие страница "
    "пожалуйста eshche eshe dalshe vel dar rodyk rodykite parodyk parodykite radi paradi pokaz pokazcie "
    "mostra mostrami mostrate mostrar mostre mostra-me покажи покажите pokazhi "
    # the audit log's Older ▶: "vecāki ieraksti", "older entries", "starsze wpisy", "более старые"
    "older vecaki vecakus ieraksti entries starsze wpisy ankstesni senesni piu vecchi anteriores старые записи"
)
MORE_MAX_WORDS: Final = 3


def asks_more(text: str) -> bool:
    """ "daugiau", "next page", "ещё": the next page of a list, in words (a short message of such words only)."""
    words = _words(text)
    only_more = 0 < len(words) <= MORE_MAX_WORDS and all(w in MORE_WORDS for w in words)
    return only_more and not all(w in NOT_MORE_ALONE for w in words)


NOT_MORE_ALONE = word_set(
    "please prasau ludzu prosze per favore por favor пожалуйста show page rodyk rodykite parodyk parodykite radi "
    "paradi pokaz pokazcie mostra mostrami mostrate mostrar mostre покажи покажите pokazhi"
)


# Opening or editing one's own offer by name: "atidaryk žvakes", "redaguoti žvakes", "apri le torte", "открой торты".
OPEN_EDIT_STEMS: Final = ("open", "edit", "show my", "atidar", "atverk", "redag", "parodyk", "atver", "rediget",
                          "labot", "otworz", "edytuj", "pokaz", "apri", "modific", "mostra", "abr", "editar",
                          "mostr", "откр", "редакт", "покаж", "otkro", "redakt")  # fmt: skip
OPEN_EDIT_MAX_WORDS: Final = 8  # "I want to edit the birthday cakes offer" (it became a new draft titled so)


# Pausing or removing one's own offer named in the message ("pause the 3D printed souvenirs offer", "delete the
# offer called …", "ištrink logotipo pasiūlymą", "usuń ofertę tortów", "sospendi le torte", "удали предложение").
PAUSE_STEMS: Final = ("pause", "pristabd", "sustabd", "aptur", "wstrzym", "zawies", "sospend", "pausa", "suspend",
                      "приостан", "пауз",
                      # hiding one's own offer is pausing it ("paslēp šo piedāvājumu", "nascondi l'offerta …")
                      "hide", "paslep", "ukryj", "ukryc", "schowaj", "nascond", "escond", "ocult", "скрой", "скрыт",
                      "спрячь", "skryt")  # fmt: skip
REMOVE_STEMS: Final = ("delete", "remove", "archive", "istrin", "istrink", "dzes", "izdzes", "usun", "archiwiz",
                       "elimin", "cancella", "archivi", "apag", "arquiv", "удал", "архив", "withdraw", "take down",
                       "archyv", "arhiv", "nonem", "iznem", "nuimk", "pasalink", "zdejm", "ritir", "retir", "сними",
                       "снять", "snimi", "убер", "uberi", "togli", "toglier")  # fmt: skip
MANAGE_MAX_WORDS: Final = 14  # "metti in pausa l'offerta Catering per eventi aziendali e buffet" (a new draft)


# Bringing one back: "resume the cakes offer", "pubblica la bozza della pasta fresca", "atnaujink tortus" (a saved
# draft named to publish became a new offer titled with the words).
RESUME_STEMS: Final = ("resume", "unpause", "atnaujin", "atjauno", "wznow", "riprend", "riattiv", "retom", "reativ",
                       "возобнов", "vozobnov")  # fmt: skip


def manages_by_name(text: str) -> str | None:
    """ "pause", "remove" or "resume" when a short message asks that of something it names, else None."""
    words = _words(text)
    if not 1 < len(words) <= MANAGE_MAX_WORDS:
        return None
    pauses, removes = has_stem(text, PAUSE_STEMS), has_stem(text, REMOVE_STEMS)
    resumes = has_stem(text, RESUME_STEMS + PUBLISH_STEMS)
    if sum((pauses, removes, resumes)) != 1:
        return None
    return "pause" if pauses else "remove" if removes else "resume"


def opens_by_name(text: str) -> bool:
    """A short message that asks to open or edit something named in it ("atidaryk žvakes")."""
    words = _words(text)
    return 1 < len(words) <= OPEN_EDIT_MAX_WORDS and has_stem(text, OPEN_EDIT_STEMS)


# Taking back what was just said, within one message: "sim, quer dizer não", "pieņemu. ne, pagaidi, vēl ne",
# "Student A, ne, labāk Student B", "yes, I mean no", "actually no, publish it", "nie, jednak opublikuj". What follows
# the last of these is what the message says.
SELF_CORRECTION = re.compile(
    r"(?:^|[\s,.;!?])(?:i mean|i meant|no wait|wait no|or rather|actually no|no,? actually|on second thought|"
    r"nie,? jednak|нет,? все-?таки|хотя нет|ne,? vis delto|ne,? vis tik|ne,? tomer|no,? in realta|nao,? afinal|"
    r"quer dizer|quero dizer|ou melhor|ne,? pagaidi|"
    r"ne,? palauk|pagaidi|palauk|ne,? geriau|ne,? labak|geriau|labak|to znaczy|nie,? czekaj|czekaj|a raczej|"
    r"cioe|o meglio|anzi|no,? aspetta|то есть|вернее|точнее|нет,? погоди|нет,? подожди|нет,? лучше)(?=[\s,.;:!?]|$)"
)


def after_self_correction(text: str) -> str | None:
    """What a message says after taking back its start ("sim, quer dizer não, ainda falta" → "não, ainda falta"),
    or None when it takes nothing back (or nothing follows)."""
    folded = fold(text)
    found = list(SELF_CORRECTION.finditer(folded))
    if not found:
        return None
    rest = folded[found[-1].end() :].strip(" ,.;:!?-")
    return rest or None


def says_an_amount(text: str) -> bool:
    """A message that opens with a number and its unit ("2 kg", "30 osób", "3 valandos"): a quantity, never
    "the second one" ("the first one, 20 pieces by Friday" picks, then gives the quantity)."""
    words = _words(text)
    return len(words) > 1 and words[0].isdecimal() and any(words[1] in units for units in UNIT_WORDS.values())


# "Publish" said on its own ("pubblica", "skelbk", "опубликуй"): the draft card's ✅ Publish in words.
PUBLISH_STEMS: Final = ("publish", "skelbk", "skelbt", "paskelb", "publice", "publicet", "publikuj", "opublikuj",
                        "pubblic", "publica", "публикуй", "опубликуй", "опубликовать", "opublikuy", "opublikovat",
                        "publikuy")  # fmt: skip
PUBLISH_MAX_WORDS = 4


def asks_to_publish(text: str) -> bool:
    """A short message that says "publish" ("ok publish it", "pubblica", "taip, skelbk"); not "nepaskelbk", "dar
    neskelbk", "не публикуй"."""
    words = _words(text)
    negated = any(w.startswith(("nep", "nes", "nie", "не", "non", "nao", "dont", "don")) for w in words)
    return len(words) <= PUBLISH_MAX_WORDS and has_stem(text, PUBLISH_STEMS) and not negated


# "send" as a word opens (folded): "send it", "siųsk", "sūti", "wyślij", "invia", "envia", "отправляй".
SEND_WORD_STARTS: Final = ("send", "sius", "nusius", "suti", "sutit", "nosuti", "wysl", "invi", "envi", "отправ",
                           "otprav", "пошли", "poshli")  # fmt: skip


def says_send(text: str) -> bool:
    """The words ask to send ("sì, invia", "tak, wyślij", "yes send it")."""
    return any(w.startswith(SEND_WORD_STARTS) for w in _words(text))


def decides_a_deal(text: str) -> bool:
    """ "Akceptuję zamówienie", "priimu užsakymą", "we decline the enquiry": an accept or decline verb with an
    enquiry or order word — about a deal, never a yes to something else."""
    return has_stem(text, ACCEPT_STEMS + DECLINE_STEMS) and has_stem(text, CANCEL_ORDER_STEMS + CANCEL_ENQUIRY_STEMS)


def wants_to_order(text: str) -> bool:
    """The message asks to order (or enquire about) something."""
    return has_stem(text, ORDER_STEMS)


# "my", "our" (folded): "my enquiries", "mūsu pasūtījumi", "moje zamówienia" name one's own list, no result to order.
OWN_LIST_WORDS = word_set("my our mine mano musu mans mani musu moje moich moj nasze naszych mie miei mio nostre "
                          "nostri meus minhas meu nossos nossas мои моих мой наши наших moi nashi")  # fmt: skip


def names_own_list(text: str) -> bool:
    return any(w in OWN_LIST_WORDS for w in _words(text))


def takes_one(text: str) -> bool:
    """ "I'll take the cheaper one", "imsim pirmą", "fico com o primeiro": one of the results is chosen to order."""
    return _says(_words(text), TAKE_PHRASES)


PICK_NUMBER_WORDS = word_set("number nr numer numero numeris numurs numurs номер nomer")


def offer_number(text: str) -> int | None:
    """The number an offer is named by: "archive offer 3", "pasiūlymą nr. 2", "l'offerta numero 2", "предложение
    №2" (a number the /listings list gives). None when no offer word is followed by one ("archive offer 3" with
    another offer's card open archived the open one)."""
    words = _words(text)
    for i, word in enumerate(words):
        if not word.startswith(OFFER_REPORT_OBJECT_STEMS):
            continue
        after = [w for w in words[i + 1 : i + 3] if w not in PICK_NUMBER_WORDS]
        if after and after[0].isdecimal():
            return int(after[0])
    return None


def picks_by_number(text: str) -> bool:
    """The message names an item by its number ("number 7", "nr 7", "the 5th one", "il settimo", "7"), not a need
    with a number in it ("catering 11 žmonių")."""
    words = _words(text)
    if len(words) == 1 and words[0].isdecimal():
        return True
    marked = "#" in text or any(w in PICK_NUMBER_WORDS or w in ORDINALS or _ORDINAL_SUFFIX.match(w) for w in words)
    return marked and find_category(text) is None


def points_at_one(text: str) -> bool:
    """ "the one from Kaunas", "quello lituano", "тот что из Вильнюса": a short message that picks one result."""
    words = _words(text)
    return 0 < len(words) <= POINTING_MAX_WORDS and any(w in ONE_WORDS for w in words)


LANGUAGE_REQUEST_MAX_WORDS: Final = 8
# Longer than this, a speaking verb is needed: "vajag maksājumus ar karti un latviešu valodu", "we also need it in
# Portuguese" name a language, and ask for none (the words were lost to a language switch).
LANGUAGE_NOUN_MAX_WORDS: Final = 4
LANGUAGE_NOUN_STEMS: Final = ("language", "lingua", "idioma", "jezyk", "valod", "kalb", "язык", "yazyk")
LANGUAGE_VERB_STEMS: Final = ("speak", "talk", "write", "switch", "kalb", "rasyk", "runa", "raksti", "mow", "pisz",
                              "parla", "scriv", "fala", "escrev", "говор", "пиш", "переключ", "rozmaw", "conversa",
                              "govor")  # fmt: skip


def asks_for_language(text: str) -> bool:
    """ "speak Polish please", "kalbėk lietuviškai", "in italiano", "по-русски": a language asked for in words — a
    short request (a longer message that names a language says something else: the site "in Latvian")."""
    words = len(text.split())
    if words > LANGUAGE_REQUEST_MAX_WORDS:
        return False
    folded = f" {fold(text)} "
    if words <= LANGUAGE_NOUN_MAX_WORDS:
        return any(stem in folded for stem in LANGUAGE_REQUEST_STEMS)
    if any(stem in folded for stem in LANGUAGE_VERB_STEMS):
        return True
    changes = has_stem(text, CHANGE_STEMS) or any(s in folded for s in ("smen", "смен", "pomen", "помен"))
    return changes and any(stem in folded for stem in LANGUAGE_NOUN_STEMS)  # "change language to polish please"


# Inclusive employers and class visits (bot/flows/visits.py): folded stems, any of the seven languages.
VISIT_STEMS: Final = ("visit", "lankym", "aplank", "apsilank", "ekskursij", "apmeklej", "wizyt", "odwiedz", "wycieczk",
                      "visite", "визит", "посещ", "экскурс")  # fmt: skip
VISIT_PLACE_STEMS: Final = ("compan", "firm", "business", "employer", "workplace", "imon", "imone", "darboviet",
                            "uznemum", "darbaviet", "przedsiebiorst", "zaklad", "aziend", "impres", "empres",
                            "предприят", "компани", "фирм", "работодат", "class", "klas", "turm", "класс")  # fmt: skip
DISABILITY_STEMS: Final = ("disabilit", "disabled", "special need", "inclusive", "negali", "neigal", "invalid",
                           "specialiuju poreik", "ipasam vajadzib", "ipasu vajadzib", "ieklauj", "niepelnospraw",
                           "inkluzyw", "specjaln", "bisogni special", "inclusiv", "deficien", "necessidades especia",
                           "инвалид", "ограниченн", "инклюзив")  # fmt: skip
EMPLOY_STEMS: Final = ("employ", "hire", "hiring", "idarbin", "isdarbin", "dirba", "nodarbin", "stradaj", "strada",
                       "zatrudni", "pracuj", "assum", "impieg", "lavora", "empreg", "contrat", "trabalh", "нанима",
                       "трудоустр", "работа", "работодат")  # fmt: skip


def asks_for_visits(text: str) -> bool:
    """ "įmonių lankymas Vilniuje", "company visits for my class", "wizyta w firmie dla klasy", "визит на
    предприятие": a teacher looking for visit offers."""
    words = _words(text)
    return 0 < len(words) <= 12 and has_stem(text, VISIT_STEMS) and has_stem(text, VISIT_PLACE_STEMS)


def declares_inclusive(text: str) -> bool:
    """ "We employ people with disabilities", "įdarbiname žmones su negalia", "мы нанимаем людей с инвалидностью",
    "we are an inclusive employer": a company saying it is an inclusive employer."""
    words = _words(text)
    return 0 < len(words) <= 15 and has_stem(text, DISABILITY_STEMS) and has_stem(text, EMPLOY_STEMS)


# A company's own detail corrected in words: "the city is Braga", "change the company name to Doce Lar", "miestas –
# Kaunas", "nosaukums ir SIA Maiznīca", "zmień nazwę firmy na Piekarnia Ala", "название: ООО Ромашка" (a blind
# tester's city was stored as "register my company", and nothing could change it).
DETAIL_FIELDS: Final = {
    "name": word_set("name pavadinimas pavadinima pavadinimą nosaukums nosaukumu nazwa nazwe nazwy nome "
                     "название названием имя"),
    "city": word_set("city town miestas miesta mieste pilseta pilsetu pilsetas miasto miasta citta cidade "
                     "город городе"),
    "country": word_set("country salis sali valsts valsti kraj paese pais страна страну"),
}  # fmt: skip
DETAIL_LINKS: Final = word_set(
    "is to it its i uz yra ir bus jest na e o a il la di de do da della of our my the your mano musu jusu "
    "sasu savo nasza naszej mojej nostra nostro nossa nosso это на моей нашей нашего моего наш наша у "
    "company companys firm firmy firmos imones uznemuma aziendale azienda della empresa da компании фирмы"
)
DETAIL_CHANGE_STEMS: Final = ("change", "update", "correct", "fix", "wrong", "pakeis", "pakeist", "keisk", "taisyk",
                              "pataisyk", "neteising", "maini", "nomaini", "izmaini", "labo", "nepareiz", "zmien",
                              "zmian", "zamien", "popraw", "bledn", "cambi", "modific", "corregg", "sbagliat", "mud",
                              "alter", "corrig", "errad", "измени", "поменя", "смени", "исправ", "неправильн",
                              "izmeni", "pomenyai")  # fmt: skip
DETAIL_FIELD_MAX_AT: Final = 6  # the field word comes early: "… what is the name of the school?" asks, not changes


# Words that end a sentence without being part of a town: "the city is Wieliczka actually" (stored so).
TRAILING_FILLER: Final = word_set(
    "actually please pls thanks thx thank you now then ok really per por "
    "prasau aciu dabar tiesa ludzu paldies tagad patiesibā patiesiba prosze dziekuje wlasciwie teraz "
    "favore grazie ora davvero realta favor obrigado obrigada agora пожалуйста спасибо теперь вообще"
)


def _without_trailing_filler(value: str) -> str:
    parts = value.split()
    while len(parts) > 1 and " ".join(_words(parts[-1])) in TRAILING_FILLER:
        parts.pop()
    return " ".join(parts).rstrip(" ,;.")


def company_detail(text: str) -> tuple[str, str] | None:
    """("name" | "city" | "country", the new value as typed) when the message sets one of the sender's company
    details, else None; the value is "" when a change is asked for without it ("quero mudar o nome da empresa").
    The field word must be followed by a link ("is", ":", "to", "é", "на") or the message must say it changes
    something: "a name for my company" is a need, "what is the name of the school?" a question. Words that say the
    old one was wrong ("o nome está errado, é …", "pilsēta nav Rīga bet Jelgava") are no part of the value."""
    tokens = text.split()
    folded = [" ".join(_words(t)) for t in tokens]
    changes = has_stem(text, DETAIL_CHANGE_STEMS)
    for i, word in enumerate(folded[:DETAIL_FIELD_MAX_AT]):
        field = next((key for key, words in DETAIL_FIELDS.items() if word in words), None)
        if field is None:
            continue
        rest, linked = _past_detail_links(tokens, folded, i + 1)
        linked = linked or tokens[i].endswith(":")
        value = " ".join(tokens[rest:])
        wrong, comma, after = value.partition(",")
        if comma and has_stem(wrong, DETAIL_CHANGE_STEMS):  # "está errado, é Pastelaria Doce Lar, Lda"
            tail = after.split()
            skip, _linked = _past_detail_links(tail, [" ".join(_words(t)) for t in tail], 0)
            value = " ".join(tail[skip:])
        value = value.strip(" :;-–—=\"'«»„“”!?")
        value = value if field == "name" else _without_trailing_filler(value.rstrip("."))  # "Bolos & Cia, Lda." keeps
        if not (linked or changes):
            return None
        if text.rstrip().endswith("?") and not changes:  # "qual é o nome da empresa?" asks
            return None
        return field, value
    return None


DETAIL_SHORT_LINKS: Final = frozenset({"é", "è", "e", "a", "o", "-", "–", "—", ":", "="})
DETAIL_NOT_WORDS = word_set("not nav ne nie non nao не")


def _past_detail_links(tokens: list[str], folded: list[str], start: int) -> tuple[int, bool]:
    """Where the value starts after a field word (``start``), past its links ("is", "é", "uz", a change verb, "not
    Rīga but": the town after) and whether a link said it is the new value."""
    rest, linked = start, False
    while rest < len(tokens):
        word, raw = folded[rest], tokens[rest].casefold()
        if raw in DETAIL_SHORT_LINKS or word in DETAIL_NOT_WORDS or has_stem(word, DETAIL_CHANGE_STEMS):
            linked = True
        elif word in DETAIL_LINKS or not word:
            linked = linked or word not in ("the", "our", "my", "its", "your", "")
        else:
            break
        rest += 1
    return rest, linked


# Someone asked for the company's name who has none: a parent ordering a birthday cake ("non ho un'azienda, sono una
# mamma" was stored as the company's name, and the school read it as the enquirer).
NO_COMPANY_PHRASES = _phrases(
    "i dont have a company; i do not have a company; i have no company; no company; im not a company; "
    "private person; im a private person; private customer; "
    "neturiu imones; neturiu jokios imones; as ne is imones; privatus asmuo; "
    "man nav uznemuma; nav uznemuma; privatpersona; "
    "nie mam firmy; nie jestem firma; osoba prywatna; prywatnie; "
    "non ho un azienda; non ho una azienda; non ho nessuna azienda; non sono un azienda; sono un privato; privato; "
    "nao tenho empresa; nao tenho nenhuma empresa; sou particular; nao sou empresa; "
    "у меня нет компании; нет компании; я частное лицо; частное лицо; u menya net kompanii"
)


def has_no_company(text: str) -> bool:
    """ "I don't have a company", "non ho un'azienda, sono una mamma": said at the company-name question."""
    return _says(_words(text), NO_COMPANY_PHRASES)


# "What do you offer?", "ką siūlote?", "co oferujecie?", "cosa offrite?", "что вы предлагаете?": what the bot is.
OFFERED_STEMS: Final = ("offer", "siulo", "siulot", "piedava", "oferuj", "offri", "oferec", "предлага", "predlaga",
                        "what can you do", "ka galite", "ko jus varat", "co mozecie", "cosa puoi", "o que pode",
                        "что вы умеете", "что ты умеешь")  # fmt: skip
OFFERED_MAX_WORDS: Final = 6


# "what do you have?", "co macie?", "ką turite?", "что у вас есть?", "show me all categories": what is on offer.
WHAT_YOU_HAVE_PHRASES = _phrases(
    "what do you have; what have you got; what do you sell; what is there; what s there; what can i find; "
    "what can i buy; what can i order; all categories; every category; list the categories; what categories; "
    "which categories; ka turite; ka jus turite; ka galima rasti; ka galima uzsakyti; visos kategorijos; "
    "kokios kategorijos; kas jums ir; kas jums ir piedavajuma; ko var atrast; ko var pasutit; visas kategorijas; "
    "kadas kategorijas; co macie; co jest; co mozna znalezc; co mozna zamowic; wszystkie kategorie; "
    "jakie kategorie; cosa avete; cosa c e; cosa posso trovare; cosa posso ordinare; tutte le categorie; "
    "quali categorie; o que tem; o que voces tem; o que ha; o que posso encontrar; o que posso encomendar; "
    "todas as categorias; que categorias; quais categorias; что у вас есть; что есть; что у вас; что можно найти; "
    "что можно заказать; все категории; какие категории; chto u vas est; chto est; vse kategorii"
)
WHAT_YOU_HAVE_MAX_WORDS: Final = 6


# "what is this?", "kas tu toks?", "o que é isto?", "что это такое?": what the bot is (an off-topic refusal before).
WHAT_IS_THIS_PHRASES = _phrases(
    "what is this; what is it; what is this bot; what are you; who are you; what is vet2b; "
    "kas tai; kas cia; kas tu; kas tu toks; kas tu tokia; kas tu esi; kas tas ir; kas tu esi; ko tu dari; "
    "co to jest; co to za bot; kim jestes; czym jestes; cos e questo; che cos e; che cosa e; chi sei; cosa sei; "
    "o que e isto; o que e isso; o que e; quem es; quem e voce; quem es tu; что это; что это такое; кто ты; "
    "кто вы; chto eto; kto ty"
)
WHAT_IS_THIS_MAX_WORDS: Final = 6


def asks_what_this_is(text: str) -> bool:
    """The whole message asks what this is, a greeting aside ("what is this offer?" asks about an offer)."""
    words = _words(after_greeting(text) or text)
    if not 0 < len(words) <= WHAT_IS_THIS_MAX_WORDS:
        return False
    return tuple(words) in WHAT_IS_THIS_PHRASES or tuple(_meaningful(words)) in WHAT_IS_THIS_PHRASES


def asks_what_you_have(text: str) -> bool:
    """ "what do you have?", "co macie?", "show me all categories": what the bot has on offer, naming no thing or
    place (it searched for the words, or answered "OK.")."""
    words = _words(text)
    if not 0 < len(words) <= WHAT_YOU_HAVE_MAX_WORDS or find_category(text) is not None or find_city(text):
        return False
    said = _says(words, WHAT_YOU_HAVE_PHRASES) or _says(_meaningful(words), WHAT_YOU_HAVE_PHRASES)
    return said or asks_what_is_offered(text) or asks_what_this_is(text)


def asks_what_is_offered(text: str) -> bool:
    """A short question about what is on offer here, naming no thing or place ("what do you offer?")."""
    words = _words(text)
    if not 0 < len(words) <= OFFERED_MAX_WORDS or points_at_one(text) or ordinal(text, 10) is not None:
        return False  # "what does the first one offer?" asks about a result
    return has_stem(text, OFFERED_STEMS) and find_category(text) is None and find_city(text) is None
