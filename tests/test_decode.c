/*
 * test_decode.c - charsets: declared in the HTTP header, in a <meta>, by a
 * byte order mark, or not at all.
 *
 * Every fixture is built here: a sentence written in UTF-8 is encoded with
 * iconv into the charset under test, wrapped in a page, and the decoded
 * text must come back equal to the sentence.  The undeclared cases use a
 * few sentences of real text in the charset's language, as much as a
 * detector needs; the expected charset names are those of the web (labels
 * mapped to their supersets: shift_jis is CP932, euc-kr CP949, big5
 * BIG5-HKSCS, iso-8859-1 windows-1252).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "common/buf.h"
#include "common/text.h"
#include "parse/internal.h"
#include "parse/parse.h"

/* ---- texts: three sentences each, in the charset's language ---- */

static const char text_fr[] =
    "Le conseil municipal s'est réuni mardi soir pour discuter du nouveau "
    "budget de l'année prochaine. Plusieurs membres ont dit que l'argent "
    "prévu pour les transports publics n'était pas suffisant, et ils ont "
    "demandé plus de temps pour étudier les projets. Une décision finale est "
    "attendue lors de la prochaine réunion en mars.";

static const char text_de[] =
    "Der Stadtrat hat am Dienstagabend über den neuen Haushalt für das "
    "kommende Jahr beraten. Mehrere Mitglieder sagten, dass das Geld für den "
    "öffentlichen Verkehr nicht ausreiche, und baten um mehr Zeit, um die "
    "Pläne zu prüfen. Eine endgültige Entscheidung wird bei der nächsten "
    "Sitzung im März erwartet, sagte die Bürgermeisterin.";

static const char text_pl[] =
    "Rada miasta zebrała się we wtorek wieczorem, aby omówić nowy budżet na "
    "przyszły rok. Kilku radnych powiedziało, że pieniądze na transport "
    "publiczny nie są wystarczające, i poprosiło o więcej czasu na "
    "zapoznanie się z planami. Ostateczna decyzja ma zapaść na następnym "
    "posiedzeniu w marcu.";

static const char text_cs[] =
    "Městská rada se v úterý večer sešla, aby projednala nový rozpočet na "
    "příští rok. Několik členů řeklo, že peníze na veřejnou dopravu nejsou "
    "dostatečné, a požádali o více času na prostudování plánů. Konečné "
    "rozhodnutí se očekává na příštím zasedání v březnu.";

static const char text_ru[] =
    "Городской совет собрался во вторник вечером, чтобы обсудить новый "
    "бюджет на следующий год. Несколько депутатов сказали, что денег на "
    "общественный транспорт не хватает, и попросили больше времени, чтобы "
    "изучить планы. Окончательное решение ожидается на следующем заседании "
    "в марте.";

static const char text_zh[] =
    "北京是中华人民共和国的首都，也是全国的政治和文化中心。"
    "这座城市有着三千多年的历史，拥有许多著名的名胜古迹。"
    "每年都有大量的游客来到这里参观故宫和长城。";

static const char text_zh_hant[] =
    "臺北是臺灣最大的城市，也是政治、經濟和文化的中心。"
    "這座城市有許多著名的景點，例如故宮博物院和中正紀念堂。"
    "每年都有很多遊客來這裡品嚐各種美食。";

static const char text_ja[] =
    "東京は日本の首都であり、世界でも有数の大都市です。"
    "この街には多くの美術館や博物館があり、毎年たくさんの観光客が訪れます。"
    "春になると、公園の桜が一斉に咲き、多くの人々が花見を楽しみます。";

static const char text_ko[] =
    "서울은 대한민국의 수도이며 가장 큰 도시입니다. "
    "이 도시에는 오래된 궁궐과 현대적인 건물이 함께 있습니다. "
    "매년 많은 관광객이 서울을 방문하여 다양한 음식과 문화를 즐깁니다.";

/* ---- helpers ---- */

/* Encodes a UTF-8 string into charset with iconv (the fixture builder). */
static void encode(const char *utf8, const char *charset, buf_t *out)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)utf8;
	size_t in_left = strlen(utf8);
	size_t cap = in_left * 4 + 16;
	char *o = xmalloc(cap), *p = o;
	size_t o_left = cap;
	assert_true(iconv(cd, &in, &in_left, &p, &o_left) != (size_t)-1);
	assert_true(iconv(cd, NULL, NULL, &p, &o_left) != (size_t)-1);
	buf_add(out, o, cap - o_left);
	free(o);
	iconv_close(cd);
}

/* A page in charset: head_extra goes into <head> (a meta, or nothing). */
static void make_page(const char *head_extra, const char *text,
                      const char *charset, buf_t *page)
{
	buf_t utf8 = BUF_INIT;
	buf_printf(&utf8,
	           "<!DOCTYPE html>\n<html><head>%s<title>Page</title></head>"
	           "<body><article><p>%s</p></article></body></html>\n",
	           head_extra, text);
	encode(buf_cstr(&utf8), charset, page);
	buf_free(&utf8);
}

/* Decodes page with decode.c alone; checks the charset chosen. */
static void check_decode(const buf_t *page, const char *content_type,
                         const char *want_charset, const char *want_text)
{
	char charset[64];
	size_t bom = decode_detect_charset(page->data, page->len, content_type,
	                                   charset, sizeof charset);
	assert_string_equal(charset, want_charset);
	buf_t out = BUF_INIT;
	decode_to_utf8(page->data + bom, page->len - bom, charset, &out);
	assert_non_null(strstr(buf_cstr(&out), want_text));
	buf_free(&out);
}

/* Parses the page end to end: the document's text is the sentence. */
static void check_parse(const buf_t *page, const char *content_type,
                        const char *want_charset, const char *want_text)
{
	parse_options o;
	parse_options_default(&o);
	parse_page_info info = {.url = "https://example.test/p",
	                        .content_type = content_type};
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc =
	    parse_html_document(&o, page->data, page->len, &info, &err);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "charset")),
	                    want_charset);
	assert_string_equal(json_string_value(json_object_get(doc, "text")),
	                    want_text);
	json_decref(doc);
}

/* The three ways a charset reaches us (or does not). */
static void check_all_ways(const char *text, const char *encoder,
                           const char *label, const char *want_charset,
                           const char *undeclared_charset)
{
	char ctype[96], meta[128];
	snprintf(ctype, sizeof ctype, "text/html; charset=%s", label);
	snprintf(meta, sizeof meta, "<meta charset=\"%s\">", label);

	buf_t page = BUF_INIT;
	make_page("", text, encoder, &page);
	check_decode(&page, ctype, want_charset, text);
	check_parse(&page, ctype, want_charset, text);
	check_decode(&page, NULL, undeclared_charset, text);
	check_parse(&page, NULL, undeclared_charset, text);
	buf_reset(&page);

	make_page(meta, text, encoder, &page);
	check_decode(&page, NULL, want_charset, text);
	check_parse(&page, NULL, want_charset, text);
	/* The old http-equiv form of the same declaration. */
	buf_reset(&page);
	snprintf(meta, sizeof meta,
	         "<meta http-equiv=\"Content-Type\" "
	         "content=\"text/html; charset=%s\">",
	         label);
	make_page(meta, text, encoder, &page);
	check_parse(&page, NULL, want_charset, text);
	buf_free(&page);
}

/* ---- legacy charsets, declared and not ---- */

static void test_windows_1252(void **state)
{
	(void)state;
	check_all_ways(text_fr, "WINDOWS-1252", "windows-1252", "WINDOWS-1252",
	               "WINDOWS-1252");
	/* iso-8859-1 means windows-1252, and so does uchardet's answer. */
	check_all_ways(text_de, "WINDOWS-1252", "iso-8859-1", "WINDOWS-1252",
	               "WINDOWS-1252");
}

static void test_iso_8859_2(void **state)
{
	(void)state;
	check_all_ways(text_pl, "ISO-8859-2", "iso-8859-2", "ISO-8859-2",
	               "ISO-8859-2");
	check_all_ways(text_cs, "ISO-8859-2", "ISO-8859-2", "ISO-8859-2",
	               "ISO-8859-2");
}

static void test_cyrillic(void **state)
{
	(void)state;
	check_all_ways(text_ru, "ISO-8859-5", "iso-8859-5", "ISO-8859-5",
	               "ISO-8859-5");
	check_all_ways(text_ru, "KOI8-R", "koi8-r", "KOI8-R", "KOI8-R");
}

static void test_chinese(void **state)
{
	(void)state;
	/* gb2312 and gbk labels mean GB18030. */
	check_all_ways(text_zh, "GB18030", "gb2312", "GB18030", "GB18030");
	check_all_ways(text_zh, "GB18030", "GBK", "GB18030", "GB18030");
	check_all_ways(text_zh_hant, "BIG5", "big5", "BIG5-HKSCS",
	               "BIG5-HKSCS");
}

static void test_japanese(void **state)
{
	(void)state;
	check_all_ways(text_ja, "SHIFT_JIS", "shift_jis", "CP932", "CP932");
	check_all_ways(text_ja, "EUC-JP", "euc-jp", "EUC-JP", "EUC-JP");
}

static void test_korean(void **state)
{
	(void)state;
	/* uchardet answers UHC, the Windows superset: CP949 too. */
	check_all_ways(text_ko, "EUC-KR", "euc-kr", "CP949", "CP949");
}

/* ---- byte order marks ---- */

static void test_utf16_bom(void **state)
{
	(void)state;
	static const struct {
		const char *charset;
		const char bom[3];
	} cases[] = {{"UTF-16LE", "\xff\xfe"}, {"UTF-16BE", "\xfe\xff"}};
	for (size_t i = 0; i < 2; i++) {
		buf_t body = BUF_INIT, page = BUF_INIT;
		make_page("", text_ja, cases[i].charset, &body);
		buf_add(&page, cases[i].bom, 2);
		buf_add(&page, body.data, body.len);
		/* The byte order mark beats the header. */
		check_decode(&page, "text/html; charset=iso-8859-1",
		             cases[i].charset, text_ja);
		check_parse(&page, "text/html; charset=iso-8859-1",
		            cases[i].charset, text_ja);
		check_parse(&page, NULL, cases[i].charset, text_ja);
		buf_free(&body);
		buf_free(&page);
	}
}

/* ---- broken bytes ---- */

static int is_valid_utf8(const char *s, size_t len)
{
	buf_t fixed = BUF_INIT;
	text_make_valid_utf8(s, len, &fixed);
	int same = fixed.len == len && !memcmp(fixed.data, s, len);
	buf_free(&fixed);
	return same;
}

static void test_invalid_bytes_become_replacement(void **state)
{
	(void)state;
	/* GB18030 declared; 0xFF is no GB18030 byte.  It becomes U+FFFD and
	 * the text after it is kept. */
	buf_t a = BUF_INIT, b = BUF_INIT, page = BUF_INIT;
	encode("北京是首都", "GB18030", &a);
	encode("也是文化中心", "GB18030", &b);
	buf_adds(&page, "<html><body><p>");
	buf_add(&page, a.data, a.len);
	buf_addc(&page, '\xff');
	buf_add(&page, b.data, b.len);
	buf_adds(&page, "</p></body></html>");
	check_parse(&page, "text/html; charset=gbk", "GB18030",
	            "北京是首都\xef\xbf\xbd也是文化中心");
	buf_reset(&page);
	/* Shift_JIS cut in the middle of a two-byte character: the lead byte
	 * becomes U+FFFD, the markup after it still parses. */
	buf_reset(&a);
	encode("東京", "SHIFT_JIS", &a);
	buf_adds(&page, "<html><body><p>");
	buf_add(&page, a.data, a.len);
	buf_addc(&page, '\x93'); /* first byte of another kanji */
	buf_adds(&page, "</p></body></html>");
	check_parse(&page, "text/html; charset=shift_jis", "CP932",
	            "東京\xef\xbf\xbd");
	buf_free(&a);
	buf_free(&b);
	buf_free(&page);
}

static void test_output_always_valid_utf8(void **state)
{
	(void)state;
	/* Every byte value, in every charset of this file: the output is
	 * valid UTF-8 and holds the text after the junk. */
	static const char *const charsets[] = {
	    "UTF-8",  "WINDOWS-1252", "ISO-8859-2", "ISO-8859-5",
	    "KOI8-R", "GB18030",      "BIG5-HKSCS", "CP932",
	    "EUC-JP", "CP949",        "UTF-16LE",   "UTF-16BE"};
	char junk[256 * 3];
	for (int i = 0; i < 256; i++) {
		junk[3 * i] = (char)i;
		junk[3 * i + 1] = (char)(255 - i);
		junk[3 * i + 2] = (char)(i ^ 0x5A);
	}
	for (size_t c = 0; c < sizeof charsets / sizeof *charsets; c++) {
		buf_t out = BUF_INIT;
		decode_to_utf8(junk, sizeof junk, charsets[c], &out);
		assert_true(out.len > 0);
		assert_true(is_valid_utf8(out.data, out.len));
		buf_free(&out);
	}
	/* An undeclared page of junk is decoded too, never refused. */
	char charset[64];
	decode_detect_charset(junk, sizeof junk, NULL, charset, sizeof charset);
	buf_t out = BUF_INIT;
	decode_to_utf8(junk, sizeof junk, charset, &out);
	assert_true(is_valid_utf8(out.data, out.len));
	buf_free(&out);
}

/* ---- declarations that lie ---- */

static void test_declared_utf8_but_legacy(void **state)
{
	(void)state;
	/* A server that says UTF-8 for every page, one of them windows-1252
	 * (every accented letter an invalid UTF-8 byte): the detector wins. */
	buf_t page = BUF_INIT;
	make_page("<meta charset=\"utf-8\">", text_fr, "WINDOWS-1252", &page);
	check_parse(&page, "text/html; charset=UTF-8", "WINDOWS-1252", text_fr);
	buf_reset(&page);
	make_page("", text_zh, "GB18030", &page);
	check_parse(&page, "text/html; charset=utf-8", "GB18030", text_zh);
	buf_free(&page);
}

static void test_declared_utf8_with_stray_byte(void **state)
{
	(void)state;
	/* UTF-8 text with one windows-1252 byte (0xA9, ©) in a footer stays
	 * UTF-8: one bad sequence is no evidence of another charset. */
	buf_t page = BUF_INIT;
	buf_printf(&page,
	           "<html><head><meta charset=\"utf-8\"></head><body>"
	           "<article><p>%s</p></article><footer>\xa9 2024</footer>"
	           "</body></html>",
	           text_ja);
	check_parse(&page, NULL, "UTF-8", text_ja);
	/* Nor do a few bad bytes among many good ones (under 1%), even
	 * without a declaration. */
	buf_reset(&page);
	buf_adds(&page, "<html><body><article>");
	for (int i = 0; i < 20; i++)
		buf_printf(&page, "<p>%s</p>", text_ja);
	buf_adds(&page, "<p>caf\xe9 cr\xe8me br\xfbl\xe9"
	                "e</p>"
	                "</article></body></html>");
	char charset[64];
	decode_detect_charset(page.data, page.len, "text/html; charset=utf-8",
	                      charset, sizeof charset);
	assert_string_equal(charset, "UTF-8");
	decode_detect_charset(page.data, page.len, NULL, charset,
	                      sizeof charset);
	assert_string_equal(charset, "UTF-8");
	/* Undeclared German UTF-8 with the lead byte of one "Ü" lost (as a
	 * converter writes it): a detector reading the stray 0x9C as Latin
	 * would turn every umlaut to mojibake; the text is UTF-8 with one
	 * error. */
	buf_reset(&page);
	buf_printf(&page,
	           "Springe zum Inhalt\n\x9c"
	           "ber uns\n\n%s\n\n%s\n",
	           text_de, text_de);
	decode_detect_charset(page.data, page.len, NULL, charset,
	                      sizeof charset);
	assert_string_equal(charset, "UTF-8");
	buf_free(&page);
}

static void test_declared_legacy_but_utf8(void **state)
{
	(void)state;
	/* Header says iso-8859-1, the bytes are UTF-8 with many multi-byte
	 * sequences and no invalid one: UTF-8 (windows-1252 text cannot look
	 * like that by chance). */
	buf_t page = BUF_INIT;
	make_page("", text_fr, "UTF-8", &page);
	check_parse(&page, "text/html; charset=iso-8859-1", "UTF-8", text_fr);
	buf_reset(&page);
	/* With only two such sequences the declaration is trusted, as in a
	 * browser: "Ã©" really is what windows-1252 says. */
	buf_adds(&page, "<html><body><p>caf\xc3\xa9 cr\xc3\xa8me and more "
	                "plain ASCII words</p></body></html>");
	check_parse(&page, "text/html; charset=iso-8859-1", "WINDOWS-1252",
	            "caf\xc3\x83\xc2\xa9 cr\xc3\x83\xc2\xa8me and more plain "
	            "ASCII words");
	buf_free(&page);
}

static void test_unknown_label_ascii_iso2022(void **state)
{
	(void)state;
	/* A label iconv does not know is skipped: the meta is used. */
	buf_t page = BUF_INIT;
	make_page("<meta charset=\"koi8-r\">", text_ru, "KOI8-R", &page);
	check_decode(&page, "text/html; charset=x-no-such-charset", "KOI8-R",
	             text_ru);
	buf_reset(&page);
	/* ISO-2022-JP is 7-bit: it looks like ASCII until its escapes are
	 * seen. */
	buf_reset(&page);
	make_page("", text_ja, "ISO-2022-JP", &page);
	check_parse(&page, NULL, "ISO-2022-JP", text_ja);
	buf_reset(&page);
	/* Pure ASCII without declaration is UTF-8. */
	make_page("", "Plain words only.", "UTF-8", &page);
	check_decode(&page, NULL, "UTF-8", "Plain words only.");
	buf_free(&page);
}

int main(void)
{
	parse_global_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_windows_1252),
	    cmocka_unit_test(test_iso_8859_2),
	    cmocka_unit_test(test_cyrillic),
	    cmocka_unit_test(test_chinese),
	    cmocka_unit_test(test_japanese),
	    cmocka_unit_test(test_korean),
	    cmocka_unit_test(test_utf16_bom),
	    cmocka_unit_test(test_invalid_bytes_become_replacement),
	    cmocka_unit_test(test_output_always_valid_utf8),
	    cmocka_unit_test(test_declared_utf8_but_legacy),
	    cmocka_unit_test(test_declared_utf8_with_stray_byte),
	    cmocka_unit_test(test_declared_legacy_but_utf8),
	    cmocka_unit_test(test_unknown_label_ascii_iso2022),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	parse_global_cleanup();
	return failed;
}
