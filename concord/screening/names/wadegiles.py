"""Chinese names in Wade-Giles, read as pinyin: ``Mao Tse-tung`` is ``Mao Zedong`` (毛泽东),
``Chou En-lai`` is ``Zhou Enlai``, ``Tsai Ing-wen`` is 蔡英文 (``caiyingwen``).

Wade-Giles, the romanisation of Chinese before pinyin (still used in Taiwan and in older
records), spells the same syllables differently: ``ts`` for z and c, ``hs`` for x, ``ch`` for
zh, ch, j and q, ``p`` for b and p (the apostrophe that marks aspiration is mostly dropped in
Western texts, so ``chou`` may be ``zhou`` or ``chou``), ``-ung`` for ``-ong``, ``-ien`` for
``-ian``. The table here is built from the pinyin syllables by the standard rules (initials and
finals); a name whose parts are all Wade-Giles syllables has the pinyin readings of every
syllable, and :func:`readings` lists them run together. Two names are one Chinese name when a
reading of the one is the other run together (:func:`~.compare.same_chinese`).

A name counts as Wade-Giles (:func:`wade_giles_name`) only with a sign of it: a part that is a
Wade-Giles syllable but no pinyin (``tse``, ``hsiao``, ``tung``), or two syllables joined by a
hyphen (``En-lai``; pinyin writes a given name in one word). ``Li Ping`` (valid pinyin) is not
read as ``Li Bing``.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from concord.screening.names.vocab import words

__all__ = [
    "PINYIN",
    "pinyin_word",
    "readings",
    "runs_together",
    "wade_giles",
    "wade_giles_name",
]

#: The syllables of Mandarin in pinyin, without tones or umlauts (as ICU's Han-Latin
#: transliteration writes them: ``tests`` check this list against it).
PINYIN = words(
    """a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai
    can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua
    chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den
    deng di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei
    fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang
    gui gun guo ha hai han hang hao he hei hen heng hm hong hou hu hua huai huan huang hui hun
    huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei
    ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia
    lian liang liao lie lin ling liu lo long lou lu luan lue lun luo m ma mai man mang mao me
    mei men meng mi mian miao mie min ming miu mo mou mu n na nai nan nang nao ne nei nen neng
    ni nian niang niao nie nin ning niu nong nou nu nuan nue nun nuo o ou pa pai pan pang pao
    pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong
    qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san
    sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai
    shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti
    tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia
    xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo
    yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe
    zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan
    zui zun zuo"""
)

#: Pinyin initials, longest first, and their Wade-Giles spellings without the apostrophe.
_INITIALS = {
    "zh": ("ch",),
    "ch": ("ch",),
    "sh": ("sh",),
    "b": ("p",),
    "p": ("p",),
    "d": ("t",),
    "t": ("t",),
    "g": ("k",),
    "k": ("k",),
    "z": ("ts", "tz"),
    "c": ("ts", "tz"),
    "j": ("ch",),
    "q": ("ch",),
    "x": ("hs",),
    "r": ("j",),
}
#: Every pinyin initial, the two-letter ones first.
_ALL_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")
#: Whole syllables spelled apart from the rules (the ``-i`` of zi, zhi, shi..., and y-).
_WHOLE = {
    "zi": ("tzu", "tsu"),
    "ci": ("tzu", "tsu"),
    "si": ("ssu", "szu", "su"),
    "zhi": ("chih",),
    "chi": ("chih",),
    "shi": ("shih",),
    "ri": ("jih",),
    "er": ("erh",),
    "yi": ("i", "yi"),
    "you": ("yu", "yiu"),
    "yan": ("yen",),
    "ye": ("yeh",),
    "yong": ("yung",),
    "yue": ("yueh",),
    "ying": ("ying", "ing"),  # Taiwan writes ``Ing-wen`` (英文)
    "yin": ("yin", "in"),
}
#: Whole finals spelled differently (``uo``, ``e`` and ``ui`` depend on the initial).
_FINALS = {"iong": "iung", "ong": "ung", "ian": "ien", "ie": "ieh", "ue": "ueh"}
#: After these initials ``uo`` keeps its ``u`` (kuo, huo, shuo); elsewhere it is ``o``.
_UO_KEPT = frozenset(("g", "k", "h", "sh"))
#: After these initials ``e`` is ``o`` (ko, k'o, ho).
_E_AS_O = frozenset(("g", "k", "h"))


@lru_cache(maxsize=1024)
def wade_giles(syllable: str) -> tuple[str, ...]:
    """The Wade-Giles spellings of a pinyin syllable, apostrophes and umlauts dropped."""
    if syllable in _WHOLE:
        return _WHOLE[syllable]
    initial = next((i for i in _ALL_INITIALS if syllable.startswith(i)), "")
    final = syllable[len(initial) :]
    if final == "uo" and initial and initial not in _UO_KEPT:
        finals: tuple[str, ...] = ("o",)
    elif final == "e" and initial in _E_AS_O:
        finals = ("o",)
    elif final == "ui" and initial in ("g", "k"):
        finals = ("uei", "ui")
    else:
        finals = (_FINALS.get(final, final),)
    starts = _INITIALS.get(initial, (initial,))
    return tuple(s + f for s in starts for f in finals)


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    """Each Wade-Giles spelling → the pinyin syllables it may spell."""
    table: dict[str, set[str]] = {}
    for syllable in PINYIN:
        for spelling in wade_giles(syllable):
            table.setdefault(spelling, set()).add(syllable)
    return {k: frozenset(v) for k, v in table.items()}


#: At most this many readings of one name (``chou chung chih``: 2 x 2 x 2 ...).
MAX_READINGS = 64
_LONGEST = 6  # letters of the longest Wade-Giles syllable (chuang, hsiung)


@lru_cache(maxsize=20_000)
def _token_readings(token: str) -> frozenset[str]:
    """Pinyin readings of a token that is one or two Wade-Giles syllables run together."""
    table = _table()
    found: set[str] = set(table.get(token, ()))
    for cut in range(1, min(len(token), 2 * _LONGEST)):
        left, right = table.get(token[:cut]), table.get(token[cut:])
        if left and right:
            found.update(a + b for a in left for b in right)
    return frozenset(found)


@lru_cache(maxsize=20_000)
def pinyin_word(text: str) -> bool:
    """Whether ``text`` is pinyin syllables run together (``zedong``, ``caiyingwen``)."""
    if not text:
        return True
    return any(
        text[:cut] in PINYIN and pinyin_word(text[cut:])
        for cut in range(min(len(text), _LONGEST), 0, -1)
    )


def wade_giles_name(tokens: tuple[str, ...], original: str) -> bool:
    """Whether a name of two parts or more in Latin letters is written in Wade-Giles: every
    part is Wade-Giles syllables, and one part is no pinyin or two are joined by a hyphen."""
    if len(tokens) < 2 or not all(_token_readings(t) for t in tokens):
        return False
    if any(not pinyin_word(t) for t in tokens):
        return True
    return "-" in original


@lru_cache(maxsize=20_000)
def readings(tokens: tuple[str, ...]) -> frozenset[str]:
    """The pinyin readings of Wade-Giles parts, run together in their order and with the last
    part first (a family name written last), at most :data:`MAX_READINGS` per order."""
    options = [sorted(_token_readings(t)) for t in tokens]
    if not all(options):
        return frozenset()
    out: set[str] = set()
    for order in (options, options[-1:] + options[:-1]):
        for n, combo in enumerate(product(*order)):
            if n >= MAX_READINGS:
                break
            out.add("".join(combo))
    return frozenset(out)


def runs_together(tokens: tuple[str, ...]) -> tuple[str, str]:
    """Parts run together in their order and with the last first (family name written last)."""
    return "".join(tokens), "".join(tokens[-1:] + tokens[:-1])
