"""Series name and part from the title styles the blog uses."""

from __future__ import annotations

import pytest

from kexue_archive.series import TitlePart, chinese_numeral, parse_series


@pytest.mark.parametrize(
    ("title", "name", "index"),
    [
        ("生成扩散模型漫谈(十三):从万有引力到扩散模型", "生成扩散模型漫谈", 13),
        ("生成扩散模型漫谈（二十三）：信噪比与大图生成（下）", "生成扩散模型漫谈", 23),
        ("生成扩散模型漫谈（三十一）：预测数据而非噪声", "生成扩散模型漫谈", 31),
        ("Transformer升级之路:5、作为无限维的线性Attention", "Transformer升级之路", 5),
        ("MuP之上：4. 坚守参数的稳定性", "MuP之上", 4),
        ("重温SSM(一):线性系统和HiPPO矩阵", "重温SSM", 1),
        ("CoSENT(三):作为交互式相似度的损失函数", "CoSENT", 3),
        ("“闭门造车”之多模态思路浅谈(二):自回归", "“闭门造车”之多模态思路浅谈", 2),
        ("求解微分方程的李对称方法(二)", "求解微分方程的李对称方法", 2),
        ("【中文分词系列】 5. 基于语言模型的无监督分词", "中文分词系列", 5),
        ("【外微分浅谈】1. 绪论与启发", "外微分浅谈", 1),
        ("变分自编码器(四):一步到位的聚类方案", "变分自编码器", 4),
        ("路径积分系列：3.路径积分", "路径积分系列", 3),
        (
            "“熵”不起：从熵、最大熵原理到最大熵模型（一）",
            "“熵”不起：从熵、最大熵原理到最大熵模型",
            1,
        ),
        ("OCR技术浅探：3. 特征提取(2)", "OCR技术浅探", 3),
    ],
)
def test_series_title_styles(title, name, index):
    assert parse_series(title) == TitlePart(name, index)


@pytest.mark.parametrize(
    "title",
    [
        "AdamW的Weight RMS的渐近估计（下）",
        "Google新作试图“复活”RNN:RNN能否再次辉煌?",
        "【致敬】费曼诞辰100年",
        "n个正态随机数的最大值的渐近估计",
        "这个星期对微分方程的认识",
    ],
)
def test_stand_alone_titles_are_not_series(title):
    assert parse_series(title) is None


def test_half_and_full_width_titles_name_the_same_series():
    dump = parse_series("重温SSM(三):HiPPO的高效计算(S4)")
    real = parse_series("重温SSM（三）：HiPPO的高效计算（S4）")
    assert dump == real == TitlePart("重温SSM", 3)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十三", 13),
        ("二十", 20),
        ("二十三", 23),
        ("三十一", 31),
        ("一百零五", 105),
    ],
)
def test_chinese_numerals(text, value):
    assert chinese_numeral(text) == value


def test_non_numerals_are_rejected():
    assert chinese_numeral("下") is None
    assert chinese_numeral("") is None
