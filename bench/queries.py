"""The fixed query set of the browser benchmarks.

Fixed, so that figures at 1k, 10k and 50k posts and across commits compare;
written from words that occur in the development corpus's excerpts (so every
synthetic archive has hits) and mixed the way readers search: Chinese words
and phrases, English terms, series names, dates, two-word queries.
"""

from __future__ import annotations

#: Opened as ``search.html?q=…``: a word of many titles, answered by the eager index.
TITLE_QUERY = "扩散模型"

#: Typical body queries: words mostly found in excerpts, needing the lazy index.
BODY_QUERIES: tuple[str, ...] = ("幂迭代", "概率分布", "梯度下降", "正态分布", "路径积分")

#: Fifty queries for latency once the page is loaded.
LATENCY_QUERIES: tuple[str, ...] = (
    "扩散模型",
    "注意力",
    "梯度",
    "优化器",
    "幂迭代",
    "谱范数",
    "矩阵",
    "概率分布",
    "损失函数",
    "正态分布",
    "微分方程",
    "位置编码",
    "词向量",
    "分词",
    "积分",
    "熵",
    "采样",
    "归一化",
    "学习率",
    "生成模型",
    "变分",
    "低秩",
    "最速下降",
    "黎曼",
    "句向量",
    "语言模型",
    "外推",
    "编码器",
    "路径积分",
    "恒等式",
    "Transformer",
    "Muon",
    "GAN",
    "BERT",
    "RoPE",
    "Adam",
    "SVD",
    "LoRA",
    "softmax",
    "Trans",
    "生成扩散模型漫谈",
    "Transformer升级之路",
    "低秩近似之路",
    "2023",
    "2019-05",
    "梯度 训练",
    "矩阵 向量",
    "Muon 优化器",
    "注意力 外推",
    "title:扩散",
)
