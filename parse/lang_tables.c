/*
 * lang_tables.c - word tables and letter hints for lang.c.
 *
 * Each table holds about a hundred to two hundred of a language's most
 * frequent words, most frequent first, written for this file from common
 * knowledge of the language: articles, pronouns, prepositions,
 * conjunctions, auxiliary and modal verbs, and the commonest adverbs,
 * nouns and numbers of newspaper prose.  The order is approximate and only
 * shades the weights (lang.c scores rank r with 1 + 32 / (r + 8)), so a
 * word a few places off changes nothing.  What matters more is which words
 * a table has that its neighbours lack (Danish "af", "efter", "meget",
 * "mere" against Norwegian "av", "etter", "mye", "mer"), and such pairs were
 * written in deliberately.
 *
 * Words are lower case, as the tokenizer makes them.  Tokens split at
 * apostrophes, so French and Italian elisions appear as "l", "d", "qu",
 * "dell".  Romanian is written with s/t-cedilla (ş, ţ): the tokenizer folds
 * the comma-below letters (ș, ț) to them, since pages use both.
 *
 * To add a language: add its table and profile, raise LANG_N_PROFILES in
 * lang_tables.h, and a sample to tests/test_lang.c.
 */
#include "lang_tables.h"

static const char words_en[] =
    "the of and to a in is that it for was on with as i he be at by this "
    "have from or had not but what are you his they we an were her one all "
    "she there their which would can been has will if more when who so no "
    "out up about said them into than its some could only other then time "
    "new also these two may like over any after first people most my me him "
    "our your how just do did does should us very because now well way even "
    "many those such through where much before between being here both each "
    "made make while during under without same another against still own "
    "last since around however why off down years year know get got see "
    "good great use used say world work day back right three long little "
    "must might shall upon whether every never something nothing";

static const char words_de[] =
    "der die und in den von zu das mit sich des auf für ist im dem nicht ein "
    "eine als auch es an er so dass kann sind noch wie einem über einen nach "
    "sie wird bei einer um am aus hat wenn nur war oder wir aber vor zur bis "
    "mehr durch man sein wurde ich sei haben diese werden ihre ihr hier zum "
    "dann ob unter jahr da was schon heute wo gegen alle seine seiner doch "
    "sehr viel ihm ihn uns immer keine kein dieser diesem diesen dieses "
    "wieder zwei neue neuen können muss soll will gibt geht ganz habe hatte "
    "hatten wurden worden weil also ab damit zwischen denn mich mir dir du "
    "jetzt etwa seit ohne sondern andere anderen weitere sowie jedoch bereits "
    "selbst eines jeder jede jedes einmal rund gut unsere unser euch beim vom "
    "zeit jahre jahren dabei dazu darauf davon deshalb erst neu viele vielen "
    "wenig weiter während nichts etwas";

static const char words_fr[] =
    "de la le et les des en un du une que est pour qui dans a par plus pas "
    "au sur ne se ce il sont avec son ses sa aux ou elle mais nous vous ils "
    "été cette leur leurs ont comme tout tous toutes même aussi bien fait "
    "entre sans peut être deux dont ces mon ma mes notre nos votre vos lui "
    "on y c d l n s j qu je tu elles était avait avoir faire après avant "
    "encore très où si donc car alors depuis sous chez contre puis ainsi "
    "trop peu autre autres moins non oui ici là cela ça celui celle ceux "
    "dire fois ans an temps jour jours chaque lors selon toujours déjà faut "
    "sera seront doit pendant quand comment pourquoi rien beaucoup plusieurs "
    "premier première nouveau nouvelle grand grande petit petite";

static const char words_es[] =
    "de la que el en y a los del se las por un para con no una su al lo como "
    "más pero sus le ya o este sí porque esta entre cuando muy sin sobre "
    "también me hasta hay donde quien desde todo nos durante todos uno les ni "
    "contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro "
    "otras otra él tanto esa estos mucho quienes nada muchos cual poco ella "
    "estar estas algunas algo nosotros mi mis tú te ti tu tus ellas es son "
    "fue ser ha han había era eran está están sido puede hace hacer año años "
    "vez veces tiene tienen así cada después dos bien solo parte según mismo "
    "misma nuevo nueva gran primera primer tiempo día días aquí ahora "
    "siempre";

static const char words_pt[] =
    "de a o que e do da em um para é com não uma os no se na por mais as dos "
    "como mas foi ao ele das tem à seu sua ou ser quando muito há nos já "
    "está eu também só pelo pela até isso ela entre era depois sem mesmo aos "
    "ter seus quem nas me esse eles estão você tinha foram essa num nem suas "
    "meu às minha têm numa pelos elas havia seja qual será nós tenho lhe "
    "deles essas esses pelas este fosse dele tu te vocês vos lhes meus "
    "minhas teu tua nosso nossa nossos nossas dela delas esta estes estas "
    "aquele aquela aquilo isto são ainda anos ano vez pode fazer sobre onde "
    "cada dois bem assim apenas outro outra outros outras todos todas tudo "
    "porque então agora hoje sempre grande novo nova primeiro primeira";

static const char words_it[] =
    "di e il la che a in un per è del non una i le si con da al della sono "
    "dei come ma più lo anche alla nel gli ha o delle ci questo se nella mi "
    "io essere molto loro tutto sua suo stato questa cui dal quando ho era "
    "degli ne fatto due dalla ancora solo tra già lui fare hanno può sempre "
    "prima sui dopo quello così nelle alle agli allo negli dai sulla sul nei "
    "poi perché ogni anni anno tutti tutte cosa chi dove oggi qui lei noi "
    "voi sia siamo sarà aveva stata stati mentre senza secondo quindi invece "
    "quella quelli proprio altri altro altra nuovo nuova grande parte tempo "
    "bene l d dell nell all sull c";

static const char words_nl[] =
    "de van het een en in is dat op te zijn voor met die niet aan er om ook "
    "als dan maar bij of uit nog wat door naar worden heeft hij zich kan "
    "wordt over tot je al was ze we dit deze meer werd geen hun wel veel nu "
    "zo heb hebben had wij ik u jaar jaren twee moet moeten zal zou kunnen "
    "wil waar waren hoe onder tegen na zonder omdat daar hier toen alle "
    "andere ander iets niets alleen zelf altijd nooit ons onze mijn jouw "
    "haar hem men mij jij zij wie welke doen gaat gaan komt komen maken "
    "eerste nieuwe groot grote goed tijd dag mensen steeds ongeveer sinds "
    "tussen echter";

static const char words_pl[] =
    "w i na z się nie do to że jest o jak a co po od za ale tak jego przez "
    "dla są czy już tym może tylko był być było była były ich go ze też "
    "jednak jej które który która oraz lub gdy bardzo jako sobie tego także "
    "ten ta te tej tych tu przy pod nad przed bez między jeszcze więc kiedy "
    "gdzie ja ty on ona my wy oni mnie mi nas nam was wam im nim niej nich "
    "jeśli można będzie będą mają ma miał miała mieć roku lat lata dwa nowy "
    "nowe wszystko wszystkich wszyscy zawsze teraz tutaj bo aby żeby "
    "ponieważ czyli według około np wiele inne innych każdy sam";

static const char words_cs[] =
    "a v se na je že o s z do to i k ve by jak ale za jsou pro jsem tak od "
    "po jeho jako již jen které který která už nebo jsme bylo byl byla byly "
    "být když také ještě tím než při mezi pod nad před bez podle aby protože "
    "proto tento tato toto tyto této tohoto tomu jejich její jim nám vám mu "
    "mi mě já ty on ona my vy oni co kde kdy proč jsi bude budou může mohou "
    "má mají mít roku let dva dvě nové nový všechny všech vše každý sám "
    "pouze velmi tedy tam tady zde další jiné jiný jeden jedna jedno";

static const char words_sv[] =
    "och i att det som en på är av för med till den har de inte om ett han "
    "men var jag sig från vi så kan man när år säger hon under också efter "
    "eller nu sin där vid mot ska skulle kommer ut får finns vara hade alla "
    "andra mycket än här då sedan över bara in blir upp även vad få två vill "
    "ha många hur mer går detta nya procent skall hans utan sina något allt "
    "första fick måste mellan blev bli dag någon några sitt stora varit dem "
    "bland bra tre ta genom del hela annat fram gör ingen stor sagt dessa "
    "denna dock ju vår våra oss er ni du mig dig honom henne";

static const char words_da[] =
    "og i at det er en til på som de med han af for ikke der var den har jeg "
    "sig fra men om et så vi kan også efter eller nu sin da når ved mod skal "
    "skulle kommer ud får findes være havde alle andre meget end her hvor "
    "bare ind bliver op hvad to vil have mange hvordan mere går denne dette "
    "hun blev blive dag nogen nogle sit store været dem blandt godt tre ned "
    "man min mit mine dig mig os jer du hans hendes deres vores jeres over "
    "under mellem uden hvis fordi selv nye første sådan lige igen hele noget "
    "andet kun ingen gang år siden allerede stadig sagde siger næste samme "
    "fik kunne må hos";

static const char words_no[] =
    "og i det er som på en til av at å for med ikke har de den han var jeg "
    "seg sa "
    "om et fra men så vi kan også etter eller nå sin da når ved mot skal "
    "skulle kommer ut får finnes være hadde alle andre mye enn her hvor bare "
    "inn blir opp hva to vil ha mange hvordan mer går denne dette hun ble "
    "bli dag noen sitt store vært dem blant godt tre ned man min mitt mine "
    "deg meg oss dere du hans hennes deres vår våre over under mellom uten "
    "hvis fordi selv nye første slik igjen hele noe annet kun ingen gang år "
    "siden allerede fortsatt kunne må ett hos ville sier neste samme fikk";

static const char words_fi[] =
    "ja on ei se että oli hän mutta kuin myös ovat tai niin jo ole joka sen "
    "mitä vain kun mukaan voi nyt sitten sekä jos hänen vielä kanssa olla "
    "kaikki tämä siitä siihen he me te minä sinä mikä miten missä koska "
    "vuonna vuoden olivat olisi ollut ollaan vaan eli jälkeen ennen aikana "
    "yli alle noin paljon hyvin aina koko uusi uuden toinen kaksi kolme yksi "
    "nämä niiden niitä sitä tätä tässä siinä tänään täällä siellä jotka "
    "jonka jossa josta joita mukana kautta vastaan takia asti kohti ilman "
    "edelleen kuitenkin lisäksi esimerkiksi vuotta päivä aika hänet meidän "
    "heidän minun sinun";

static const char words_ru[] =
    "и в не на что я с он а как это по но к у его из за то же от все она так "
    "вы о ты мы бы для был было была были только уже или еще ещё ни если "
    "когда до даже нет при во их ее её него нее неё ней им мне меня тебя "
    "себя себе вот сказал быть может есть где там тут чтобы потому также "
    "этого этот эта эти этих этом этой тот та те того том всё всех всего "
    "свой своей своих который которые которая которое которых после без под "
    "над между через более очень много можно будет будут года году лет два "
    "две один одна одно время раз сейчас теперь тогда здесь почему ли со об";

static const char words_uk[] =
    "і в на не що з й та до у а це як він я за по від але так його її їх "
    "вони ми ви ти вона воно бо для був було була були є буде будуть або "
    "коли якщо ще вже тільки також щоб при про під над між через після без "
    "чи ні цей ця ці цього цієї цих цим тому того той те який яка яке які "
    "якого яких свій своєї своїх себе собі мене мені тебе нас нам вас вам "
    "йому ним нею неї них може можна треба дуже багато року році років два "
    "дві один одна одне час раз зараз тепер тоді тут там де чому ж же б би "
    "ось все всі всіх усі";

static const char words_bg[] =
    "и на да е в за се от с не че по са то а ще като си но което които която "
    "който това този тази тези има бъде беше бяха бил била били съм сме сте "
    "той тя те ние вие аз ти го му я им ни ви ме ми след при до без под над "
    "между през още само също така вече много всички всичко всеки всяка "
    "може трябва когато където ако или защото обаче година години два две "
    "един една едно време сега тук там как какво кой коя кое кои защо нещо "
    "нито нищо пък дори вместо около според срещу"
    " нашата";

static const char words_tr[] =
    "ve bir bu da de için ile olarak çok daha ne o gibi en ama kadar sonra "
    "var olan ben sen biz siz onlar mi mı mu mü değil ise her şey ki ya veya "
    "hem yok oldu olduğu olduğunu olması olacak bunu buna bunun şu şimdi "
    "zaman yıl yılında iki üç ilk yeni büyük önce göre karşı arasında "
    "üzerinde içinde tarafından nasıl neden nerede hangi kendi kendini bütün "
    "tüm bazı başka diğer sadece bile artık hiç çünkü eğer ancak ayrıca yani "
    "böyle öyle beni bana seni sana onu ona onun bizim sizin onların etti "
    "eden edilen yapılan yaptı fazla az önemli gün kez"
    "ayrı dedi çıktı";

static const char words_hu[] =
    "a az és hogy nem is egy ez meg de van volt csak már el ki be fel le még "
    "mint vagy ha azt ezt mert sem kell lesz lett sok most után alatt között "
    "szerint nagyon minden mindig itt ott hol hogyan miért mikor amely "
    "amelyek ami amit aki akik én te ő mi ti ők engem téged neki nekem "
    "nekünk őket velem vele benne rá arra erre annak ennek ahol amikor pedig "
    "tehát azonban illetve valamint viszont szinte egyik másik új nagy első "
    "két három év éve évben ezért akkor így úgy azért lehet lehetett olyan "
    "ilyen nincs vannak voltak sokkal egész";

static const char words_ro[] =
    "şi de în a la cu că nu o un pe se din este care mai pentru ce fost au "
    "sunt sau ca dar fi lui iar le al ale ai cel cea cei cele această acest "
    "aceste aceşti acestea după între despre prin până către fără sub peste "
    "ne vă îi îl îmi îşi eu tu el ea noi voi ei ele mă te mi ţi foarte mult "
    "multe mulţi doar deja încă acum atunci aici acolo unde când cum dacă "
    "deoarece poate trebuie avea avut era erau va vor fie sa său sale lor "
    "nostru noastră doi două an ani anul timp nou nouă primul prima toate "
    "toţi tot";

static const char words_sk[] =
    "a v sa na je že o s z do to i k vo by ako ale za sú pre som tak od po "
    "jeho už len ktoré ktorý ktorá alebo sme bolo bol bola boli byť keď "
    "tiež ešte tým než pri medzi pod nad pred bez podľa aby pretože preto "
    "tento táto toto tieto tejto tohto tomu ich jej im nám vám mu mi ma ja "
    "ty on ona my vy oni čo kde kedy prečo si bude budú môže môžu má majú "
    "mať roku rokov dva dve nové nový všetky všetkých všetko každý sám iba "
    "veľmi teda tam tu ďalšie ďalší iné iný jeden jedna jedno však aj ani "
    "nie áno";

static const char words_hr[] =
    "i je u da se na za su od a s o što ne kao iz to će po koji koja koje "
    "biti bio bila bilo bili ali ili sa samo još već kako ga mu im nije sve "
    "te ovo ova ovaj taj ta tako kad kada gdje ima može mogu treba također "
    "nakon prije između prema zbog bez pod nad kroz preko godine godina dva "
    "dvije jedan jedna jedno novi nova novo vrlo više manje nešto ništa ja "
    "ti on ona mi vi oni njegov njezin njihov svoj svoje svi svih bi sam smo "
    "ste jer dok pa ni li";

static const char words_sr[] =
    "и је у да се на за су од а с о што не као из то ће по који која које "
    "бити био била било били али или са само још већ како га му им није све "
    "те ово ова овај тај та тако кад када где има може могу треба такође "
    "након пре између према због без под над кроз преко године година два "
    "две један једна једно нови нова ново врло више мање нешто ништа ја ти "
    "он она ми ви они његов њен њихов свој своје сви свих би сам смо сте јер "
    "док па ни ли";

static const char words_ca[] =
    "de la i el que a en les per un una del amb els no es va com al més "
    "però s l d ha són o seu seva també fins quan molt sense sobre entre "
    "aquest aquesta aquests això ja tot tots totes hi ho ens li ells elles "
    "jo tu ell ella nosaltres vosaltres perquè després abans any anys fa pot "
    "poden fer ser estar era eren està estan han havia dos dues nou nova "
    "gran primer primera temps dia dies aquí ara sempre altre altra altres "
    "on qui què cada mateix mateixa segons durant van";

static const char words_et[] =
    "ja on ei et see oli ka kui ta mis ning aga nii siis nad me te mina "
    "sina tema meie teie nemad oma selle seda sellest kes mida kus kuidas "
    "miks mitte veel juba ainult kõik üks kaks kolm aasta aastal või nagu "
    "pärast enne kuni siin seal nüüd täna väga palju rohkem vähem peab saab "
    "võib olema oleks olnud tuleb tuli läks olid ise kõige";

static const char words_id[] =
    "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke "
    "ada adalah kami kita saya mereka dia ia atau oleh sebagai karena bisa "
    "dapat sudah telah lebih harus seperti saat jika tahun hari orang para "
    "satu dua baru banyak hanya masih bahwa namun tetapi tersebut setelah "
    "sebelum antara hingga sampai bagi secara sangat agar belum pun nya "
    "serta kepada tentang";

static const char words_vi[] =
    "của và các có là được trong cho không những người một với này đã để "
    "khi đến từ ra tại theo về như năm cũng sẽ đó nhiều thì lại nhưng vào "
    "đang bị làm nào sau trên hơn nhất đi rất ông bà họ chúng tôi mình anh "
    "chị em nó ở việc thể cần mới còn vẫn nên vì nếu hay nói thời gian ngày "
    "tháng";

const lang_profile lang_profiles[LANG_N_PROFILES] = {
    {"en", SC_LATIN, words_en},    {"de", SC_LATIN, words_de},
    {"fr", SC_LATIN, words_fr},    {"es", SC_LATIN, words_es},
    {"it", SC_LATIN, words_it},    {"nl", SC_LATIN, words_nl},
    {"pt", SC_LATIN, words_pt},    {"pl", SC_LATIN, words_pl},
    {"cs", SC_LATIN, words_cs},    {"sv", SC_LATIN, words_sv},
    {"da", SC_LATIN, words_da},    {"no", SC_LATIN, words_no},
    {"fi", SC_LATIN, words_fi},    {"tr", SC_LATIN, words_tr},
    {"hu", SC_LATIN, words_hu},    {"ro", SC_LATIN, words_ro},
    {"ru", SC_CYRILLIC, words_ru}, {"uk", SC_CYRILLIC, words_uk},
    {"bg", SC_CYRILLIC, words_bg}, {"sk", SC_LATIN, words_sk},
    {"hr", SC_LATIN, words_hr},    {"sr", SC_CYRILLIC, words_sr},
    {"ca", SC_LATIN, words_ca},    {"et", SC_LATIN, words_et},
    {"id", SC_LATIN, words_id},    {"vi", SC_LATIN, words_vi},
};

const lang_letter_hint lang_letter_hints[LANG_N_HINTS] = {
    {0x00DF, "de"},                /* ß */
    {0x00E4, "de sv fi et sk"},    /* ä */
    {0x00F6, "de sv fi hu tr et"}, /* ö */
    {0x00FC, "de tr hu et"},       /* ü */
    {0x00E8, "fr it"},             /* è */
    {0x00EA, "fr pt"},             /* ê */
    {0x00E0, "fr it pt"},          /* à */
    {0x00E7, "fr pt tr"},          /* ç */
    {0x0153, "fr"},                /* œ */
    {0x00F9, "fr it"},             /* ù */
    {0x00EB, "fr nl"},             /* ë */
    {0x00EE, "fr ro"},             /* î */
    {0x00E2, "fr pt ro"},          /* â */
    {0x00F1, "es"},                /* ñ */
    {0x00E3, "pt"},                /* ã */
    {0x00F5, "pt"},                /* õ */
    {0x0105, "pl"},                /* ą */
    {0x0119, "pl"},                /* ę */
    {0x0142, "pl"},                /* ł */
    {0x015B, "pl"},                /* ś */
    {0x017A, "pl"},                /* ź */
    {0x017C, "pl"},                /* ż */
    {0x0107, "pl"},                /* ć */
    {0x0144, "pl"},                /* ń */
    {0x0159, "cs"},                /* ř */
    {0x016F, "cs"},                /* ů */
    {0x011B, "cs"},                /* ě */
    {0x010D, "cs sk hr"},          /* č */
    {0x0161, "cs sk hr"},          /* š */
    {0x017E, "cs sk hr"},          /* ž */
    {0x013E, "sk"},                /* ľ */
    {0x013A, "sk"},                /* ĺ */
    {0x0155, "sk"},                /* ŕ */
    {0x00F4, "sk"},                /* ô */
    {0x0111, "hr vi"},             /* đ */
    {0x00F2, "ca it"},             /* ò */
    {0x01B0, "vi"},                /* ư */
    {0x01A1, "vi"},                /* ơ */
    {0x00E5, "sv da no"},          /* å */
    {0x00E6, "da no"},             /* æ */
    {0x00F8, "da no"},             /* ø */
    {0x0151, "hu"},                /* ő */
    {0x0171, "hu"},                /* ű */
    {0x011F, "tr"},                /* ğ */
    {0x0131, "tr"},                /* ı */
    {0x015F, "tr ro"},             /* ş (and ș folded) */
    {0x0163, "ro"},                /* ţ (and ț folded) */
    {0x0103, "ro"},                /* ă */
    {0x044B, "ru"},                /* ы */
    {0x044D, "ru"},                /* э */
    {0x0451, "ru"},                /* ё */
    {0x044A, "bg"},                /* ъ */
    {0x0456, "uk"},                /* і */
    {0x0457, "uk"},                /* ї */
    {0x0454, "uk"},                /* є */
    {0x0491, "uk"},                /* ґ */
};
