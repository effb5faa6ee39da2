"""Road and place names of Jiangcheng, in Chinese and in English.

English names follow the city's own style (``streets.geojson``): the Chinese
proper name in pinyin, then the kind of way translated, as road signs in
Chinese cities write them: 荷塘巷 is "Hetang Lane", 人民一路 "Renmin 1st Road".
"""

from __future__ import annotations

import random

# Words a Chinese city names its roads after, with their pinyin.
# fmt: off
WORDS: list[tuple[str, str]] = [
    ("人民", "Renmin"), ("解放", "Jiefang"), ("建设", "Jianshe"), ("中山", "Zhongshan"),
    ("文化", "Wenhua"), ("新华", "Xinhua"), ("胜利", "Shengli"), ("民主", "Minzhu"),
    ("光明", "Guangming"), ("青年", "Qingnian"), ("团结", "Tuanjie"), ("友谊", "Youyi"),
    ("幸福", "Xingfu"), ("振兴", "Zhenxing"), ("繁荣", "Fanrong"), ("兴业", "Xingye"),
    ("红旗", "Hongqi"), ("东风", "Dongfeng"), ("花园", "Huayuan"), ("体育", "Tiyu"),
    ("学府", "Xuefu"), ("书香", "Shuxiang"), ("翰林", "Hanlin"), ("科技", "Keji"),
    ("创新", "Chuangxin"), ("金桥", "Jinqiao"), ("银杏", "Yinxing"), ("桂花", "Guihua"),
    ("梧桐", "Wutong"), ("香樟", "Xiangzhang"), ("枫林", "Fenglin"), ("翠竹", "Cuizhu"),
    ("兰亭", "Lanting"), ("玉带", "Yudai"), ("临江", "Linjiang"), ("沿江", "Yanjiang"),
    ("江北", "Jiangbei"), ("江南", "Jiangnan"), ("渡口", "Dukou"), ("船坞", "Chuanwu"),
    ("盐市", "Yanshi"), ("米市", "Mishi"), ("布市", "Bushi"), ("茶亭", "Chating"),
    ("钟楼", "Zhonglou"), ("城隍", "Chenghuang"), ("府前", "Fuqian"), ("县前", "Xianqian"),
    ("仓后", "Canghou"), ("柴市", "Chaishi"), ("油坊", "Youfang"), ("磨坊", "Mofang"),
    ("铁匠", "Tiejiang"), ("打铜", "Datong"), ("染坊", "Ranfang"), ("酱园", "Jiangyuan"),
    ("状元", "Zhuangyuan"), ("双井", "Shuangjing"), ("三元", "Sanyuan"), ("五福", "Wufu"),
    ("七星", "Qixing"), ("九龙", "Jiulong"), ("百花", "Baihua"), ("万寿", "Wanshou"),
    ("太平", "Taiping"), ("长安", "Chang'an"), ("永安", "Yong'an"), ("安宁", "Anning"),
    ("康宁", "Kangning"), ("嘉禾", "Jiahe"), ("丰收", "Fengshou"), ("稻香", "Daoxiang"),
    ("杏花", "Xinghua"), ("桃源", "Taoyuan"), ("梨园", "Liyuan"), ("橘园", "Juyuan"),
    ("茶园", "Chayuan"), ("松风", "Songfeng"), ("鹤鸣", "Heming"), ("凤凰", "Fenghuang"),
    ("龙门", "Longmen"), ("虎头", "Hutou"), ("狮子", "Shizi"), ("麒麟", "Qilin"),
    ("金沙", "Jinsha"), ("银河", "Yinhe"), ("紫荆", "Zijing"), ("海棠", "Haitang"),
    ("玉兰", "Yulan"), ("丁香", "Dingxiang"), ("石榴", "Shiliu"), ("葡萄", "Putao"),
    ("望月", "Wangyue"), ("观澜", "Guanlan"), ("听涛", "Tingtao"), ("揽胜", "Lansheng"),
    ("青云", "Qingyun"), ("白云", "Baiyun"), ("红岩", "Hongyan"), ("黄桷", "Huangjue"),
    ("朝天", "Chaotian"), ("储奇", "Chuqi"), ("千厮", "Qiansi"), ("临华", "Linhua"),
    ("福寿", "Fushou"), ("吉祥", "Jixiang"), ("如意", "Ruyi"), ("和顺", "Heshun"),
    ("春晖", "Chunhui"), ("秋实", "Qiushi"), ("晨曦", "Chenxi"), ("星光", "Xingguang"),
    ("新村", "Xincun"), ("工业", "Gongye"), ("物流", "Wuliu"), ("货运", "Huoyun"),
    ("启航", "Qihang"), ("远洋", "Yuanyang"), ("海关", "Haiguan"), ("港湾", "Gangwan"),
    ("博学", "Boxue"), ("明德", "Mingde"), ("致远", "Zhiyuan"), ("求是", "Qiushi"),
]
# fmt: on

# Chinese suffix -> English word, by the kind of way.
SUFFIXES = {"大道": "Avenue", "路": "Road", "街": "Street", "巷": "Lane", "大桥": "Bridge"}
NUMBERS = [("一", "1st"), ("二", "2nd"), ("三", "3rd"), ("四", "4th"), ("五", "5th")]


class RoadNamer:
    """Unique road names, local words first (a road in Gulou is likely 鼓楼路)."""

    def __init__(self, rng: random.Random, reserved: list[tuple[str, str]]):
        self.rng = rng
        self.used: set[str] = set()
        # Sub-district words: "Heping Street" already names the sub-district
        # 和平街道, so those words never take the 街 suffix.
        self.reserved = {zh for zh, _ in reserved}

    def name(self, suffix: str, local: list[tuple[str, str]]) -> tuple[str, str]:
        """(Chinese, English) for a new road; local words are tried first."""
        pool = list(WORDS)
        self.rng.shuffle(pool)
        for zh, en in [*local, *pool]:
            if suffix == "街" and zh in self.reserved:
                continue
            for number_zh, number_en in [("", ""), *NUMBERS]:
                # 人民一路 "Renmin 1st Road", 鼓楼二巷: numbered where the suffix is one character.
                if number_zh and suffix not in ("路", "街", "巷"):
                    continue
                chinese = f"{zh}{number_zh}{suffix}"
                if chinese in self.used:
                    continue
                self.used.add(chinese)
                english = " ".join(p for p in (en, number_en, SUFFIXES[suffix]) if p)
                return chinese, english
        raise ValueError(f"no name left for a {suffix}")
