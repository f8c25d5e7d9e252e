/**
 * The character tables of the code pages an Epson TM-T88/TM-T82 class printer selects with ESC t n,
 * for the bytes 0x80..0xFF (0x20..0x7F are ASCII in every one of them). The tables are the ones
 * `@point-of-sale/receipt-printer-encoder` encodes with, so text round-trips byte for byte.
 *
 * With `codepage('auto')` the encoder stays in CP437 (ESC t 0) for ASCII and most Western letters and
 * switches only for a character CP437 lacks: Windows-1252 (16) for typographic dashes, quotes and
 * Š/Ž/Œ, CP850 (2) for Ã/Õ/©/®, CP857 (13) for the euro sign, ISO-8859-7 (15) for curly single quotes,
 * CP852 (18) for Central European letters. Plain Indonesian text is ASCII and stays in CP437.
 */

/** Per ESC t page number: the 128 characters of the bytes 0x80..0xFF. */
const TABLES: Record<number, string> = {
  0: 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ' +
      'áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
      '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
      'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0',
  2: 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒ' +
      'áíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
      '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀' +
      'ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00AD±\u2017¾¶§÷¸°¨·¹³²■\u00A0',
  13: 'ÇüéâäàåçêëèïîıÄÅÉæÆôöòûùİÖÜø£ØŞş' +
      'áíóúñÑĞğ¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
      '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ºªÊËÈ€ÍÎÏ┘┌█▄¦Ì▀' +
      'ÓßÔÒõÕµ\uFFFD×ÚÛÙìÿ¯´\u00AD±\uFFFD¾¶§÷¸°¨·¹³²■\u00A0',
  15: '\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F' +
      '\u00A0‘’£€₯¦§¨©ͺ«¬\u00AD®―°±²³΄΅Ά·ΈΉΊ»Ό½ΎΏ' +
      'ΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡÒΣΤΥΦΧΨΩΪΫάέήί' +
      'ΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώÿ',
  16: '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ' +
      '\u00A0¡¢£¤¥¦§¨©ª«¬\u00AD®¯°±²³´µ¶·¸¹º»¼½¾¿' +
      'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß' +
      'àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ',
  17: 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ' +
      'абвгдежзийклмноп░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
      '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
      'рстуфхцчшщъыьэюяЁёЄєЇїЎў°∙·√№¤■\u00A0',
  18: 'ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×č' +
      'áíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐' +
      '└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀' +
      'ÓßÔŃńňŠšŔÚŕŰýÝţ´\u00AD˝˛ˇ˘§÷¸°¨˙űŘř■\u00A0',
  19: 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒ' +
      'áíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
      '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀' +
      'ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00AD±\u2017¾¶§÷¸°¨·¹³²■\u00A0',
  40: '\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F' +
      '\u00A0¡¢£€¥Š§š©ª«¬\u00AD®¯°±²³Žµ¶·ž¹º»ŒœŸ¿' +
      'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß' +
      'àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ',
  45: '€\uFFFD‚\uFFFD„…†‡\uFFFD‰Š‹ŚŤŽŹ\uFFFD‘’“”•–—\uFFFD™š›śťžź' +
      '\u00A0ˇ˘Ł¤Ą¦§¨©Ş«¬\u00AD®Ż°±˛ł´µ¶·¸ąş»Ľ˝ľż' +
      'ŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢß' +
      'ŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙',
  46: 'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\uFFFD™љ›њќћџ' +
      '\u00A0ЎўЈ¤Ґ¦§Ё©Є«¬\u00AD®Ї°±Ііґµ¶·ё№є»јЅѕї' +
      'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ' +
      'абвгдежзийклмнопрстуфхцчшщъыьэюя',
};

/** Every page the Epson ESC t table defines, by number, so an error can name the page it could not decode. */
const EPSON_PAGE_NAMES: readonly (string | undefined)[] = [
  'cp437', 'epson/katakana', 'cp850', 'cp860', 'cp863', 'cp865', undefined, undefined, undefined, undefined, undefined, 'cp851',
  'cp853', 'cp857', 'cp737', 'iso8859-7', 'windows1252', 'cp866', 'cp852', 'cp858', 'thai42', 'thai11', undefined, undefined,
  undefined, undefined, 'thai13', undefined, undefined, undefined, 'tcvn3', 'tcvn3capitals', 'cp720', 'cp775', 'cp855', 'cp861',
  'cp862', 'cp864', 'cp869', 'epson/iso8859-2', 'iso8859-15', 'cp1098', 'cp774', 'cp772', 'cp1125', 'windows1250',
  'windows1251', 'windows1253', 'windows1254', 'windows1255', 'windows1256', 'windows1257', 'windows1258', 'rk1048',
];

/** The name of ESC t page n ('cp437', 'windows1252', ...), or undefined when Epson defines no such page. */
export function codePageName(page: number): string | undefined {
  return page === 255 ? 'user-defined' : EPSON_PAGE_NAMES[page];
}

/** True when the virtual printer can decode the upper half of page n. */
export function canDecodeCodePage(page: number): boolean {
  return TABLES[page] !== undefined;
}

/**
 * The character a byte prints in a code page, or null when the page is one the virtual printer has no
 * table for and the byte is not ASCII.
 */
export function decodeByte(byte: number, page: number): string | null {
  if (byte < 0x80) return String.fromCharCode(byte);
  const table = TABLES[page];
  return table === undefined ? null : table.charAt(byte - 0x80);
}
