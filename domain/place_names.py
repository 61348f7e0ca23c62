"""The towns and cities people name, with their folded forms in the seven languages: one table for the NLU and search.

The NLU (``nlu.normalise.places``) finds the city a message is about and turns it into a filter; search
(``domain.search.places``) reads a place a text-only query names ("catering в Вильнюсе", "pizza a Napoli") to put
that city's listings first. Both need the same forms — "Kaune", "w Krakowie", "в Риге", "Lisabona" — so they are
kept here, in ``domain`` (which does not import ``nlu``). Forms are folded: lower case, no Latin diacritics,
Cyrillic kept.
"""

from __future__ import annotations

# (native nominative, ISO country) → folded forms: native cases, then lt/lv/pl/ru/it/pt/en exonyms
# with their cases.
CITY_FORMS: dict[tuple[str, str], str] = {
    ("Vilnius", "LT"): "vilnius vilniaus vilniuje vilniu vilniui vilna vilnas wilno wilnie wilna "
    "вильнюс вильнюсе вильнюса вильнюсу вильно",
    ("Kaunas", "LT"): "kaunas kauno kaune kauna kaunui kowno kownie kowna каунас каунасе каунаса каунасу",
    ("Klaipėda", "LT"): "klaipeda klaipedos klaipedoje klaipedai klaipeda klaipedu klajpeda klajpedzie "
    "klajpedy клайпеда клайпеде клайпеды клайпеду",
    ("Šiauliai", "LT"): "siauliai siauliu siauliuose siaulius siauliams szawle szawlach szawli шяуляй шауляй",
    ("Panevėžys", "LT"): "panevezys panevezio panevezyje paneveziui panevezi poniewiez poniewiezu "
    "паневежис паневежисе паневежиса",
    ("Alytus", "LT"): "alytus alytaus alytuje alytui olita olicie алитус алитусе алитуса",
    ("Marijampolė", "LT"): "marijampole marijampoles marijampoleje mariampol mariampolu мариямполе",
    ("Utena", "LT"): "utena utenos utenoje utenai uciana ucianie утена утене утены",
    (
        "Rīga",
        "LV",
    ): "riga rigas rigai rigu rigoje rigos ryga rygos rygoje rygai rydze rygi rige рига риге риги ригу ригой",
    ("Daugavpils", "LV"): "daugavpils daugavpili daugavpilij daugpilis daugpilio daugpilyje dyneburg "
    "dyneburgu dzwinsk даугавпилс даугавпилсе даугавпилса",
    ("Liepāja", "LV"): "liepaja liepajas liepajai liepoja liepojos liepojoje lipawa lipawie lipawy "
    "лиепая лиепае лиепаи лиепаю",
    ("Jelgava", "LV"): "jelgava jelgavas jelgavai jelgavoje jelgavos jelgawa jelgawie mitawa mitawie "
    "елгава елгаве елгавы",
    ("Jūrmala", "LV"): "jurmala jurmalas jurmalai jurmaloje jurmalos jurmale юрмала юрмале юрмалы",
    ("Ventspils", "LV"): "ventspils ventspili ventspilij ventspilis ventspilio ventspilyje windawa "
    "windawie вентспилс вентспилсе вентспилса",
    ("Rēzekne", "LV"): "rezekne rezeknes rezeknei rezekneje rezykne резекне",
    ("Valmiera", "LV"): "valmiera valmieras valmierai valmieroje valmieros wolmar валмиера валмиере валмиеры",
    ("Warszawa", "PL"): "warszawa warszawie warszawy warszawe warszawa warsaw varsuva varsuvoje varsuvos "
    "varsuvai varsava varsavas varsavai varsavia varsovia varsovie варшава варшаве "
    "варшавы варшаву",
    ("Kraków", "PL"): "krakow krakowie krakowa krakowem cracow cracovia krokuva krokuvoje krokuvos "
    "krokuvai krakova krakovas krakovai краков кракове кракова",
    ("Gdańsk", "PL"): "gdansk gdansku gdanska gdanskiem gdanskas gdanske gdansko danzica гданьск гданьске гданьска",
    ("Poznań", "PL"): "poznan poznaniu poznania poznane poznanes познань познани",
    ("Wrocław", "PL"): "wroclaw wroclawiu wroclawia vroclavas vroclave vroclavo vroclava breslavia "
    "вроцлав вроцлаве вроцлава",
    ("Łódź", "PL"): "lodz lodzi lodze lodzeje lodzes лодзь лодзи",
    ("Lublin", "PL"): "lublin lublinie lublina liublinas liubline liublino люблин люблине люблина",
    ("Białystok", "PL"): "bialystok bialymstoku bialegostoku balstoge balstogeje balstoges belostoka "
    "белосток белостоке белостока",
    ("Szczecin", "PL"): "szczecin szczecinie szczecina scecinas scecine scecino stettino щецин щецине щецина",
    ("Katowice", "PL"): "katowice katowicach katowic katovicai katovicuose katovicu катовице",
    ("Roma", "IT"): "roma rome romoje romos roma romai rzym rzymie rzymu рим риме рима",
    ("Milano", "IT"): "milano milan milanas milane milano milanui milana mediolan mediolanie mediolanu "
    "milao милан милане милана",
    ("Torino", "IT"): "torino turin turinas turine turino turina turyn turynie turynu turim турин турине турина",
    ("Napoli", "IT"): "napoli naples neapolis neapolyje neapolio neapol neapolu neapolem napoles "
    "неаполь неаполе неаполя",
    ("Bologna", "IT"): "bologna bolonija bolonijoje bolonijos bolona bolonia bolonii bolonha болонья болонье болоньи",
    ("Firenze", "IT"): "firenze florence florencija florencijoje florencijos florencja florencji "
    "florenca флоренция флоренции",
    ("Venezia", "IT"): "venezia venice venecija venecijoje venecijos wenecja wenecji veneza венеция венеции",
    ("Genova", "IT"): "genova genoa genuja genujoje genujos genua genui генуя генуе генуи",
    ("Bari", "IT"): "bari baryje бари",
    ("Palermo", "IT"): "palermo palermas palerme palermui палермо",
    ("Lisboa", "PT"): "lisboa lisbon lisabona lisabonoje lisabonos lisabonai lizbona lizbonie lizbony "
    "lisbona лиссабон лиссабоне лиссабона",
    ("Braga", "PT"): "braga брага браге",
    ("Coimbra", "PT"): "coimbra koimbra koimbroje коимбра коимбре",
    ("Aveiro", "PT"): "aveiro aveire авейру",
    ("Setúbal", "PT"): "setubal setubalyje сетубал сетубале",
    ("Guimarães", "PT"): "guimaraes gimaraisas гимарайнш гимарайнше",
    # Porto and Faro are also Italian/Portuguese common nouns ("porto" = port / "I bring", "faro" =
    # lighthouse); see _GUARDED_CITIES.
    ("Porto", "PT"): "porto oporto portas порту",
    ("Faro", "PT"): "faro фару",
}
# Smaller towns where vocational schools are: the nominative (and the Russian name for Latvia and Lithuania, where
# Russian is spoken); their cases are matched by nlu.normalise.places._STEMS rather than listed.
TOWNS: dict[tuple[str, str], str] = {
    ("Tauragė", "LT"): "taurage таураге", ("Kėdainiai", "LT"): "kedainiai кедайняй",
    ("Telšiai", "LT"): "telsiai тельшяй", ("Mažeikiai", "LT"): "mazeikiai мажейкяй",
    ("Jonava", "LT"): "jonava ионава", ("Visaginas", "LT"): "visaginas висагинас",
    ("Druskininkai", "LT"): "druskininkai друскининкай", ("Palanga", "LT"): "palanga паланга",
    ("Plungė", "LT"): "plunge плунге", ("Jonišķis", "LT"): "joniskis", ("Rokiškis", "LT"): "rokiskis рокишкис",
    ("Jēkabpils", "LV"): "jekabpils екабпилс", ("Ogre", "LV"): "ogre ogres ogrei огре",
    ("Sigulda", "LV"): "sigulda сигулда", ("Cēsis", "LV"): "cesis cesu cesim цесис",
    ("Tukums", "LV"): "tukums тукумс", ("Kuldīga", "LV"): "kuldiga кулдига", ("Talsi", "LV"): "talsi талси",
    ("Saldus", "LV"): "saldus салдус", ("Bauska", "LV"): "bauska бауска", ("Dobele", "LV"): "dobele добеле",
    ("Līvāni", "LV"): "livani ливаны", ("Ludza", "LV"): "ludza лудза", ("Krāslava", "LV"): "kraslava краслава",
    ("Preiļi", "LV"): "preili прейли", ("Alūksne", "LV"): "aluksne алуксне", ("Madona", "LV"): "madona мадона",
    ("Gulbene", "LV"): "gulbene гулбене", ("Balvi", "LV"): "balvi балви", ("Limbaži", "LV"): "limbazi лимбажи",
    ("Smiltene", "LV"): "smiltene смилтене", ("Aizkraukle", "LV"): "aizkraukle айзкраукле",
    ("Gdynia", "PL"): "gdynia gdyni gdynie гдыня", ("Bydgoszcz", "PL"): "bydgoszcz bydgoszczy быдгощ",
    ("Toruń", "PL"): "torun toruniu torunia торунь", ("Rzeszów", "PL"): "rzeszow rzeszowie rzeszowa жешув",
    ("Kielce", "PL"): "kielce kielcach kielc кельце", ("Olsztyn", "PL"): "olsztyn ольштын",
    ("Opole", "PL"): "opole opolu ополе", ("Częstochowa", "PL"): "czestochowa ченстохова",
    ("Radom", "PL"): "radom radomiu радом", ("Gliwice", "PL"): "gliwice gliwicach гливице",
    ("Suwałki", "PL"): "suwalki suwalkach сувалки",
    ("Verona", "IT"): "verona верона", ("Padova", "IT"): "padova padua падуя", ("Trento", "IT"): "trento тренто",
    ("Bolzano", "IT"): "bolzano больцано", ("Brescia", "IT"): "brescia брешиа", ("Bergamo", "IT"): "bergamo бергамо",
    ("Catania", "IT"): "catania катания", ("Cagliari", "IT"): "cagliari кальяри", ("Perugia", "IT"): "perugia перуджа",
    ("Ancona", "IT"): "ancona анкона", ("Pescara", "IT"): "pescara пескара", ("Salerno", "IT"): "salerno салерно",
    ("Parma", "IT"): "parma парма", ("Modena", "IT"): "modena модена", ("Trieste", "IT"): "trieste триест",
    ("Udine", "IT"): "udine удине", ("Lecce", "IT"): "lecce лечче", ("Taranto", "IT"): "taranto таранто",
    ("Messina", "IT"): "messina мессина", ("Vicenza", "IT"): "vicenza виченца",
    ("Évora", "PT"): "evora эвора", ("Viseu", "PT"): "viseu визеу", ("Leiria", "PT"): "leiria лейрия",
    ("Funchal", "PT"): "funchal фуншал",

    ("Santarém", "PT"): "santarem сантарен", ("Portalegre", "PT"): "portalegre",
    ("Bragança", "PT"): "braganca браганса", ("Covilhã", "PT"): "covilha",
    ("Matosinhos", "PT"): "matosinhos", ("Almada", "PT"): "almada", ("Amadora", "PT"): "amadora",
    # More towns with vocational schools (issue 10 part 4): lt, lv, pl (native nominative + Russian), it, pt.
    ("Ukmergė", "LT"): "ukmerge укмерге", ("Kretinga", "LT"): "kretinga кретинга",
    ("Radviliškis", "LT"): "radviliskis радвилишкис", ("Biržai", "LT"): "birzai биржай",
    ("Anykščiai", "LT"): "anyksciai аникщяй", ("Raseiniai", "LT"): "raseiniai расейняй",
    ("Kelmė", "LT"): "kelme кельме", ("Šilutė", "LT"): "silute шилуте", ("Elektrėnai", "LT"): "elektrenai электренай",
    ("Trakai", "LT"): "trakai тракай", ("Prienai", "LT"): "prienai пренай", ("Zarasai", "LT"): "zarasai зарасай",
    ("Kupiškis", "LT"): "kupiskis купишкис", ("Pasvalys", "LT"): "pasvalys пасвалис",
    ("Vilkaviškis", "LT"): "vilkaviskis вилкавишкис", ("Šalčininkai", "LT"): "salcininkai шальчининкай",
    ("Molėtai", "LT"): "moletai молетай", ("Ignalina", "LT"): "ignalina игналина", ("Neringa", "LT"): "neringa неринга",
    ("Olaine", "LV"): "olaine олайне", ("Salaspils", "LV"): "salaspils саласпилс", ("Ķekava", "LV"): "kekava кекава",
    ("Aizpute", "LV"): "aizpute айзпуте", ("Priekuļi", "LV"): "priekuli приекули", ("Vecumnieki", "LV"): "vecumnieki",
    ("Grobiņa", "LV"): "grobina гробиня", ("Smārde", "LV"): "smarde", ("Stende", "LV"): "stende",
    ("Zielona Góra", "PL"): "zielona gora, zielonej gorze, zielonej gory, зелёна гура, зелена гура",
    ("Gorzów Wielkopolski", "PL"): "gorzow wielkopolski, gorzow, gorzowie, gorzowa, горжув",
    ("Nowy Sącz", "PL"): "nowy sacz, nowym saczu, nowego sacza, новы сонч",
    ("Elbląg", "PL"): "elblag elblagu эльблонг", ("Płock", "PL"): "plock plocku плоцк",
    ("Koszalin", "PL"): "koszalin koszalinie кошалин", ("Tarnów", "PL"): "tarnow tarnowie tarnowa тарнув",
    ("Legnica", "PL"): "legnica legnicy legnicach легница", ("Kalisz", "PL"): "kalisz kaliszu калиш",
    ("Zamość", "PL"): "zamosc zamosciu замосць", ("Słupsk", "PL"): "slupsk slupsku слупск",
    ("Siedlce", "PL"): "siedlce siedlcach седльце", ("Łomża", "PL"): "lomza lomzy lomzie ломжа",
    ("Ełk", "PL"): "elk elku элк", ("Augustów", "PL"): "augustow augustowie августов",
    ("Sopot", "PL"): "sopot sopocie сопот", ("Gniezno", "PL"): "gniezno gnieznie гнезно",
    ("Bielsko-Biała", "PL"): "bielsko biala, bielsku bialej, bielska bialej, бельско-бяла",
    ("Pisa", "IT"): "pisa пиза", ("Siena", "IT"): "siena сиена", ("Lucca", "IT"): "lucca лукка",
    ("Livorno", "IT"): "livorno ливорно", ("Ravenna", "IT"): "ravenna равенна", ("Rimini", "IT"): "rimini римини",
    ("Reggio Emilia", "IT"): "reggio emilia, реджо-эмилия", ("Reggio Calabria", "IT"): "reggio calabria,",
    ("Piacenza", "IT"): "piacenza пьяченца", ("Como", "IT"): "como комо", ("Monza", "IT"): "monza монца",
    ("Varese", "IT"): "varese варезе", ("Novara", "IT"): "novara новара", ("Treviso", "IT"): "treviso тревизо",
    ("Ferrara", "IT"): "ferrara феррара", ("Sassari", "IT"): "sassari сассари", ("Foggia", "IT"): "foggia фоджа",
    ("Arezzo", "IT"): "arezzo ареццо", ("Pavia", "IT"): "pavia павия",
    ("Cremona", "IT"): "cremona кремона", ("Mantova", "IT"): "mantova mantua мантуя", ("Lecco", "IT"): "lecco лекко",
    ("La Spezia", "IT"): "la spezia, ла специя", ("Cosenza", "IT"): "cosenza козенца", ("Siracusa", "IT"): "siracusa",
    ("Viana do Castelo", "PT"): "viana do castelo, виана-ду-каштелу", ("Vila Real", "PT"): "vila real, вила-реал",
    ("Castelo Branco", "PT"): "castelo branco, каштелу-бранку", ("Beja", "PT"): "beja бежа",
    ("Vila Nova de Gaia", "PT"): "vila nova de gaia, gaia", ("Sintra", "PT"): "sintra синтра",
    ("Cascais", "PT"): "cascais кашкайш", ("Oeiras", "PT"): "oeiras", ("Barreiro", "PT"): "barreiro",
    ("Odivelas", "PT"): "odivelas", ("Loures", "PT"): "loures", ("Seixal", "PT"): "seixal",
    ("Figueira da Foz", "PT"): "figueira da foz,", ("Portimão", "PT"): "portimao портиман",
    ("Albufeira", "PT"): "albufeira альбуфейра", ("Póvoa de Varzim", "PT"): "povoa de varzim,",
    ("Vila do Conde", "PT"): "vila do conde,", ("Maia", "PT"): "maia", ("Valongo", "PT"): "valongo",
    ("Gondomar", "PT"): "gondomar", ("Ponta Delgada", "PT"): "ponta delgada,",
    ("Lamego", "PT"): "lamego", ("Torres Vedras", "PT"): "torres vedras,",
    ("Caldas da Rainha", "PT"): "caldas da rainha,",
    ("Tallinn", "EE"): "tallinn tallinas talinas talinoje tallina tallinna tallinnie tallinie таллин таллинн",
    ("Tartu", "EE"): "tartu тарту",
}  # fmt: skip


def forms(spec: str) -> list[str]:
    """The folded forms of one table entry: space-separated words, or comma-separated when a form has spaces."""
    return [f.strip() for f in spec.split(",") if f.strip()] if "," in spec else spec.split()


def key(word: str) -> str:
    """A word as the tables are looked up: Russian soft and hard signs dropped ("вилнюсе" = "вильнюсе"), since
    people typing Russian in Latin letters, or in a hurry, leave them out."""
    return word.replace("ь", "").replace("ъ", "")
