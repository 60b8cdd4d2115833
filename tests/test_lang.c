/*
 * test_lang.c - language identification and language tag clean-up.
 *
 * Each sample is two or three sentences of ordinary prose in its language
 * (mostly the same news item, retold), written for this test; the expected
 * tag is the language it was written in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
#include "parse/lang.h"

static const struct {
	const char *tag;
	const char *text;
} samples[] = {
    {"en", "The city council met on Tuesday evening to discuss the new "
           "budget for the coming year. Several members said that the money "
           "for public transport was not enough, and they asked for more "
           "time to look at the plans. A final decision is expected at the "
           "next meeting in March."},
    {"de", "Der Stadtrat hat am Dienstagabend über den neuen Haushalt für "
           "das kommende Jahr beraten. Mehrere Mitglieder sagten, dass das "
           "Geld für den öffentlichen Verkehr nicht ausreiche, und baten um "
           "mehr Zeit, um die Pläne zu prüfen. Eine endgültige Entscheidung "
           "wird bei der nächsten Sitzung im März erwartet."},
    {"fr", "Le conseil municipal s'est réuni mardi soir pour discuter du "
           "nouveau budget de l'année prochaine. Plusieurs membres ont dit "
           "que l'argent prévu pour les transports publics n'était pas "
           "suffisant, et ils ont demandé plus de temps pour étudier les "
           "projets. Une décision finale est attendue lors de la prochaine "
           "réunion en mars."},
    {"es", "El ayuntamiento se reunió el martes por la noche para discutir "
           "el nuevo presupuesto del próximo año. Varios miembros dijeron "
           "que el dinero para el transporte público no era suficiente, y "
           "pidieron más tiempo para estudiar los planes. Se espera una "
           "decisión final en la próxima reunión de marzo."},
    {"pt", "A câmara municipal reuniu-se na terça-feira à noite para "
           "discutir o novo orçamento do próximo ano. Vários membros "
           "disseram que o dinheiro para os transportes públicos não era "
           "suficiente e pediram mais tempo para analisar os planos. Uma "
           "decisão final é esperada na próxima reunião, em março."},
    {"it", "Il consiglio comunale si è riunito martedì sera per discutere il "
           "nuovo bilancio del prossimo anno. Diversi membri hanno detto che "
           "i soldi per il trasporto pubblico non erano sufficienti e hanno "
           "chiesto più tempo per esaminare i progetti. Una decisione finale "
           "è attesa nella prossima riunione di marzo."},
    {"nl", "De gemeenteraad kwam dinsdagavond bijeen om de nieuwe begroting "
           "voor het komende jaar te bespreken. Verschillende leden zeiden "
           "dat het geld voor het openbaar vervoer niet genoeg was, en zij "
           "vroegen om meer tijd om de plannen te bekijken. Een definitief "
           "besluit wordt tijdens de volgende vergadering in maart "
           "verwacht."},
    {"pl", "Rada miasta zebrała się we wtorek wieczorem, aby omówić nowy "
           "budżet na przyszły rok. Kilku radnych powiedziało, że pieniądze "
           "na transport publiczny nie są wystarczające, i poprosiło o "
           "więcej czasu na zapoznanie się z planami. Ostateczna decyzja ma "
           "zapaść na następnym posiedzeniu w marcu."},
    {"cs", "Městská rada se v úterý večer sešla, aby projednala nový "
           "rozpočet na příští rok. Několik členů řeklo, že peníze na "
           "veřejnou dopravu nejsou dostatečné, a požádali o více času na "
           "prostudování plánů. Konečné rozhodnutí se očekává na příštím "
           "zasedání v březnu."},
    {"sv", "Kommunfullmäktige samlades på tisdagskvällen för att diskutera "
           "den nya budgeten för nästa år. Flera ledamöter sa att pengarna "
           "till kollektivtrafiken inte räckte, och de bad om mer tid för "
           "att gå igenom planerna. Ett slutligt beslut väntas vid nästa "
           "möte i mars."},
    {"da", "Byrådet mødtes tirsdag aften for at drøfte det nye budget for "
           "det kommende år. Flere medlemmer sagde, at pengene til den "
           "offentlige transport ikke var nok, og de bad om mere tid til at "
           "se på planerne. En endelig beslutning ventes på det næste møde i "
           "marts."},
    {"no", "Bystyret møttes tirsdag kveld for å diskutere det nye budsjettet "
           "for det kommende året. Flere medlemmer sa at pengene til "
           "kollektivtransporten ikke var nok, og de ba om mer tid til å se "
           "på planene. En endelig avgjørelse ventes på det neste møtet i "
           "mars."},
    {"fi", "Suomi on maa Pohjois-Euroopassa, ja sen pääkaupunki on Helsinki. "
           "Maassa on paljon järviä ja metsiä, ja talvella on usein hyvin "
           "kylmä. Monet ihmiset käyvät kesällä mökillä, jossa he voivat "
           "uida ja saunoa, koska se on heille tärkeää."},
    {"ru", "Городской совет собрался во вторник вечером, чтобы обсудить "
           "новый бюджет на следующий год. Несколько депутатов сказали, что "
           "денег на общественный транспорт не хватает, и попросили больше "
           "времени, чтобы изучить планы. Окончательное решение ожидается "
           "на следующем заседании в марте."},
    {"uk", "Міська рада зібралася у вівторок увечері, щоб обговорити новий "
           "бюджет на наступний рік. Кілька депутатів сказали, що грошей на "
           "громадський транспорт не вистачає, і попросили більше часу, щоб "
           "вивчити плани. Остаточне рішення очікується на наступному "
           "засіданні в березні."},
    {"bg", "Общинският съвет се събра във вторник вечерта, за да обсъди "
           "новия бюджет за следващата година. Няколко съветници казаха, че "
           "парите за обществения транспорт не са достатъчни, и поискаха "
           "повече време, за да проучат плановете. Окончателното решение се "
           "очаква на следващото заседание през март."},
    {"tr", "Belediye meclisi salı akşamı gelecek yılın yeni bütçesini "
           "görüşmek için toplandı. Birçok üye toplu taşıma için ayrılan "
           "paranın yeterli olmadığını söyledi ve planları incelemek için "
           "daha fazla zaman istedi. Nihai kararın mart ayındaki bir sonraki "
           "toplantıda alınması bekleniyor."},
    {"hu", "A városi tanács kedd este ülésezett, hogy megvitassa a jövő évi "
           "új költségvetést. Több tag azt mondta, hogy a "
           "tömegközlekedésre szánt pénz nem elég, és több időt kértek a "
           "tervek áttekintésére. A végső döntés a következő, márciusi "
           "ülésen várható."},
    /* Written with comma-below ș and ț, as modern Romanian is. */
    {"ro", "Consiliul local s-a întrunit marți seara pentru a discuta noul "
           "buget pentru anul viitor. Mai mulți membri au spus că banii "
           "pentru transportul public nu sunt suficienți și au cerut mai "
           "mult timp pentru a studia planurile. O decizie finală este "
           "așteptată la următoarea ședință din martie."},
    {"sk", "Mestská rada sa v utorok večer zišla, aby prerokovala nový "
           "rozpočet na budúci rok. Niekoľko členov povedalo, že peniaze na "
           "verejnú dopravu nie sú dostatočné, a požiadali o viac času na "
           "preštudovanie plánov. Konečné rozhodnutie sa očakáva na budúcom "
           "zasadnutí v marci."},
    {"hr", "Gradsko vijeće sastalo se u utorak navečer kako bi raspravilo "
           "novi proračun za sljedeću godinu. Nekoliko članova reklo je da "
           "novac za javni prijevoz nije dovoljan, te su zatražili više "
           "vremena za proučavanje planova. Konačna odluka očekuje se na "
           "sljedećoj sjednici u ožujku."},
    {"sr", "Градско веће се састало у уторак увече да би расправљало о "
           "новом буџету за следећу годину. Неколико чланова је рекло да "
           "новац за јавни превоз није довољан, и затражили су више времена "
           "да проуче планове. Коначна одлука очекује се на следећој "
           "седници у марту."},
    {"ca", "El consell municipal es va reunir dimarts al vespre per discutir "
           "el nou pressupost de l'any vinent. Diversos membres van dir que "
           "els diners per al transport públic no eren suficients, i van "
           "demanar més temps per estudiar els plans. S'espera una decisió "
           "final a la propera reunió del mes de març."},
    {"et", "Linnavolikogu kogunes teisipäeva õhtul, et arutada järgmise "
           "aasta uut eelarvet. Mitu liiget ütles, et ühistranspordi raha "
           "ei ole piisavalt, ja nad palusid rohkem aega plaanide "
           "läbivaatamiseks. Lõplik otsus on oodata järgmisel koosolekul "
           "märtsis."},
    {"id", "Pemerintah kota mengadakan rapat pada hari Selasa malam untuk "
           "membahas anggaran baru tahun depan. Beberapa anggota mengatakan "
           "bahwa uang untuk transportasi umum tidak cukup, dan mereka "
           "meminta waktu lebih lama untuk mempelajari rencana tersebut."},
    {"vi", "Hội đồng thành phố đã họp vào tối thứ Ba để thảo luận về ngân "
           "sách mới cho năm tới. Một số thành viên nói rằng tiền cho giao "
           "thông công cộng là không đủ, và họ đã yêu cầu thêm thời gian để "
           "xem xét các kế hoạch. Quyết định cuối cùng dự kiến sẽ được đưa "
           "ra tại cuộc họp tiếp theo vào tháng Ba."},
    {"zh", "北京是中华人民共和国的首都，也是全国的政治和文化中心。"
           "这座城市有着三千多年的历史，拥有许多著名的名胜古迹。"
           "每年都有大量的游客来到这里参观故宫和长城。"},
    {"ja", "東京は日本の首都であり、世界でも有数の大都市です。"
           "この街には多くの美術館や博物館があり、毎年たくさんの観光客が"
           "訪れます。春になると、公園の桜が一斉に咲き、多くの人々が花見を"
           "楽しみます。"},
    {"ko", "서울은 대한민국의 수도이며 가장 큰 도시입니다. 이 도시에는 "
           "오래된 궁궐과 현대적인 건물이 함께 있습니다. 매년 많은 관광객이 "
           "서울을 방문하여 다양한 음식과 문화를 즐깁니다."},
    {"ar", "القاهرة هي عاصمة جمهورية مصر العربية وأكبر مدنها من حيث عدد "
           "السكان. تقع المدينة على ضفاف نهر النيل، وتضم العديد من المعالم "
           "التاريخية والمساجد القديمة. يزور المدينة كل عام ملايين السياح من "
           "مختلف أنحاء العالم."},
    {"fa", "تهران پایتخت ایران و بزرگ\u200cترین شهر این کشور است. "
           "این شهر در دامنه کوه\u200cهای البرز قرار دارد "
           "و جمعیت زیادی دارد. هر سال گردشگران زیادی "
           "از کشورهای مختلف برای دیدن موزه\u200cها و "
           "بازارهای قدیمی به تهران می\u200cآیند."},
    {"he", "ירושלים היא עיר הבירה של מדינת ישראל והעיר הגדולה ביותר בה. "
           "בעיר יש מקומות קדושים רבים לשלוש הדתות הגדולות, ומוזיאונים "
           "רבים. בכל שנה מגיעים לעיר מיליוני תיירים מכל העולם כדי לראות "
           "את העיר העתיקה."},
    {"el", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και η μεγαλύτερη πόλη "
           "της χώρας. Η πόλη είναι γνωστή για την αρχαία ιστορία της και "
           "τα πολλά μνημεία της. Κάθε χρόνο εκατομμύρια τουρίστες "
           "επισκέπτονται την Ακρόπολη και τα μουσεία της."},
    {"th", "กรุงเทพมหานครเป็นเมืองหลวงและเมืองที่ใหญ่ที่สุดของประเทศไทย "
           "เมืองนี้มีวัดและพระราชวังที่สวยงามมากมาย "
           "ในแต่ละปีมีนักท่องเที่ยวหลายล้านคนมาเยี่ยมชมเมืองนี้"},
    {"hi", "दिल्ली भारत की राजधानी है और देश के सबसे बड़े शहरों में से एक "
           "है। इस शहर में कई ऐतिहासिक इमारतें और सुंदर बाग हैं। हर साल "
           "लाखों पर्यटक यहाँ घूमने के लिए आते हैं।"},
};

static void test_samples(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		double conf = -1;
		const char *got = lang_identify(samples[i].text,
		                                strlen(samples[i].text), &conf);
		if (!got || strcmp(got, samples[i].tag) != 0)
			fail_msg("sample %s: got %s", samples[i].tag,
			         got ? got : "NULL");
		assert_true(conf > 0 && conf <= 1);
		assert_string_equal(
		    lang_detect(samples[i].text, strlen(samples[i].text)),
		    samples[i].tag);
	}
}

static void test_too_little_text(void **state)
{
	(void)state;
	double conf = -1;
	/* Twelve words: under the minimum, however clear they are. */
	static const char short_en[] =
	    "The cat sat on the mat and it was happy with that.";
	assert_null(lang_identify(short_en, strlen(short_en), &conf));
	assert_true(conf == 0);
	/* Twenty CJK characters: under the minimum too. */
	static const char short_zh[] =
	    "北京是中华人民共和国的首都，也是全国的政治中心。";
	assert_null(lang_detect(short_zh, strlen(short_zh)));
	assert_null(lang_detect("", 0));
	assert_null(lang_detect(NULL, 0));
	/* Numbers and punctuation are no words. */
	static const char numbers[] =
	    "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 "
	    "25 26 27 28 29 30 -- ... !!! ??? 2024-01-01 12:30 100% $5";
	assert_null(lang_detect(numbers, strlen(numbers)));
}

static void test_no_clear_winner(void **state)
{
	(void)state;
	/* Latin text in a language with no table (Swahili): its words are
	 * in no table, so no language covers enough of them. */
	static const char sw[] =
	    "Baraza la jiji lilikutana Jumanne jioni kujadili bajeti mpya ya "
	    "mwaka ujao. Wajumbe kadhaa walisema kwamba fedha za usafiri wa "
	    "umma hazitoshi, na waliomba muda zaidi wa kuchunguza mipango "
	    "hiyo. Uamuzi wa mwisho unatarajiwa katika mkutano ujao mwezi "
	    "Machi.";
	assert_null(lang_detect(sw, strlen(sw)));
	/* Half English, half Russian: no script holds the text. */
	buf_t mixed = BUF_INIT;
	buf_adds(&mixed, samples[0].text);
	buf_adds(&mixed, " ");
	buf_adds(&mixed, samples[13].text);
	assert_string_equal(samples[13].tag, "ru");
	assert_null(lang_detect(mixed.data, mixed.len));
	buf_free(&mixed);
}

static void test_mixed_script(void **state)
{
	(void)state;
	/* Japanese with English product names stays Japanese. */
	static const char ja[] =
	    "新しいiPhoneとMacBook Proが発表されました。Appleによると、"
	    "このモデルはバッテリーの持ちが大幅に改善されています。"
	    "価格は前のモデルとほぼ同じで、来月から日本でも販売されます。";
	assert_string_equal(lang_detect(ja, strlen(ja)), "ja");
	/* Chinese with a few Latin words stays Chinese. */
	static const char zh[] =
	    "苹果公司今天发布了新的iPhone和MacBook Pro。"
	    "据公司介绍，新款手机的电池续航时间大幅提高，"
	    "价格与上一代产品基本相同，下个月开始在中国销售。";
	assert_string_equal(lang_detect(zh, strlen(zh)), "zh");
	/* Russian with English names and a URL stays Russian. */
	static const char ru[] =
	    "Компания Apple представила новый iPhone и MacBook Pro на "
	    "конференции в Купертино. По словам представителей компании, "
	    "батарея теперь работает значительно дольше, а цена почти не "
	    "изменилась. Подробности можно найти на сайте apple.com.";
	assert_string_equal(lang_detect(ru, strlen(ru)), "ru");
	/* Korean with some Han characters (Hanja) stays Korean. */
	static const char ko[] =
	    "大韓民國의 수도 서울은 가장 큰 도시입니다. 이 도시에는 오래된 "
	    "궁궐과 현대적인 건물이 함께 있습니다. 매년 많은 관광객이 서울을 "
	    "방문합니다.";
	assert_string_equal(lang_detect(ko, strlen(ko)), "ko");
}

static void test_bounded_and_invalid_input(void **state)
{
	(void)state;
	/* A long text is read up to LANG_MAX_BYTES: French first, then a
	 * long German tail; the answer is French. */
	buf_t t = BUF_INIT;
	while (t.len < LANG_MAX_BYTES) {
		buf_adds(&t, samples[2].text);
		buf_addc(&t, ' ');
	}
	for (int i = 0; i < 200; i++) {
		buf_adds(&t, samples[1].text);
		buf_addc(&t, ' ');
	}
	assert_string_equal(lang_detect(t.data, t.len), "fr");
	/* Invalid UTF-8 in between is skipped, not fatal. */
	buf_reset(&t);
	buf_adds(&t, samples[0].text);
	buf_adds(&t, " \xff\xfe\xc3 ");
	buf_adds(&t, samples[0].text);
	assert_string_equal(lang_detect(t.data, t.len), "en");
	buf_free(&t);
}

static void test_normalize_tag(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"en", "en"},
	    {"EN", "en"},
	    {"en-gb", "en-GB"},
	    {"en_US", "en-US"},
	    {" de-DE ", "de-DE"},
	    {"zh-hant-tw", "zh-Hant-TW"},
	    {"es-419", "es-419"},
	    {"en, fr", "en"},
	    {"en-{{region}}", "en"},
	    {"iw", "he"},
	    {"in-ID", "id-ID"},
	    {"fil", "fil"},
	    {"{{lang}}", ""},
	    {"", ""},
	    {"   ", ""},
	    {"english", ""},
	    {"und", ""},
	    {"x-klingon", ""},
	    {"<?php echo $lang ?>", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[64];
		int ok = lang_normalize_tag(cases[i].in, out, sizeof out);
		assert_string_equal(out, cases[i].out);
		assert_int_equal(ok, cases[i].out[0] != '\0');
	}
	char small[3];
	assert_int_equal(lang_normalize_tag("en-GB", small, sizeof small), 0);
	assert_int_equal(lang_normalize_tag(NULL, small, sizeof small), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_samples),
	    cmocka_unit_test(test_too_little_text),
	    cmocka_unit_test(test_no_clear_winner),
	    cmocka_unit_test(test_mixed_script),
	    cmocka_unit_test(test_bounded_and_invalid_input),
	    cmocka_unit_test(test_normalize_tag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
