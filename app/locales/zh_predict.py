"""简体中文: the predict-then-reveal questions of pages 2, 4 and 5."""

STRINGS: dict[str, str] = {
    "Two parallel lines only 0.1 apart: what is the exact JS divergence between them?":
        "两条平行线只相距 0.1：它们之间精确的 JS 散度是多少？",
    "Close to 0: the lines are nearly on top of each other": "接近 0：两条线几乎重合",
    "Somewhere between 0 and ln 2": "介于 0 和 ln 2 之间",
    "Exactly ln 2": "恰好是 ln 2",
    "The two lines share no point at all, so wherever one has mass the other has none: "
    "JS = ln 2 (and TV = 1, KL = ∞) for every offset θ ≠ 0, however small, while W1 = |θ| = 0.1. "
    "Only binning the points into a coarse grid makes the two lines look as if they overlapped.":
        "两条线没有任何公共点，一条线有质量的地方另一条线都没有：所以只要 θ ≠ 0，不管多小，"
        "JS = ln 2（而且 TV = 1，KL = ∞），而 W1 = |θ| = 0.1。只有把点放进粗糙的格子里分箱，"
        "两条线才看起来像是重叠了。",
    "Once P and Q no longer overlap and JS is stuck at ln 2, what does a trained critic's "
    "estimate do as Q moves further away?":
        "当 P 和 Q 不再重叠、JS 散度停在 ln 2 时，随着 Q 越移越远，训练好的评论家给出的估计会怎样？",
    "It stays flat, like JS": "保持不变，和 JS 散度一样",
    "It keeps growing with the distance": "随着距离继续增长",
    "The critic estimates K·W1, and W1 keeps growing linearly with the distance whether or not "
    "the supports overlap: that is the signal WGAN gives the generator. The offset sweep below "
    "shows it.":
        "评论家估计的是 K·W1，而不论支撑集是否重叠，W1 都随距离线性增长：这正是 WGAN 给生成器的信号。"
        "下面的偏移扫描展示了这一点。",
    "The discriminator is optimal and the supports of P and Q_θ are disjoint. How large is the "
    "minimax generator's gradient?":
        "判别器是最优的，且 P 和 Q_θ 的支撑集互不相交。极小极大损失下生成器的梯度有多大？",
    "Exactly zero": "恰好为零",
    "Small but not zero": "很小，但不为零",
    "Large: the generator is far from the data": "很大：生成器离数据很远",
    "Under Q's samples the optimal discriminator is D* = 0 on a flat stretch, so log(1 − D*) is "
    "flat there and its gradient is exactly 0: the generator learns nothing, however far it is "
    "from the data. The WGAN gradient stays 1.":
        "在 Q 的样本处，最优判别器在一整段平坦区域上都是 D* = 0，所以 log(1 − D*) 在那里是平的，"
        "梯度恰好为 0：无论生成器离数据多远，它都学不到任何东西。而 WGAN 的梯度始终为 1。",
}
