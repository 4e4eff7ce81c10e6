"""Chinese strings of the lecture-ready layout (issue 15): the one-screen pages, page 1's two-panel
chart, page 3's speed control and page 4's live controls."""

STRINGS = {
    "About this page": "关于本页",
    "Animation speed": "动画速度",
    "slow (12 s)": "慢（12 秒）",
    "normal (6 s)": "正常（6 秒）",
    "fast (2 s)": "快（2 秒）",
    "Changes in this box apply when you press “Train the critic”; the offset θ and the "
    "constraint above apply at once.":
        "此框中的改动在按下“训练判别器”后生效；上方的偏移 θ 和约束方式会立即生效。",
    "JS, KL (nats)": "JS、KL（奈特）",
    "TV (no unit)": "TV（无单位）",
    "W1 (units)": "W1（单位）",
    "Shaded: the θ where P and Q share no mass at all. A dotted line on the top edge of the upper "
    "panel marks KL = ∞ (no finite value exists there); a finite KL larger than the panel leaves "
    "it at the top.":
        "阴影：P 与 Q 完全没有共同质量的 θ。上方面板顶边的点线表示 KL = ∞（那里不存在有限值）；"
        "大于面板范围的有限 KL 从顶部离开图表。",
    "Small c: the weights pile up at ±c, K becomes tiny and the gradient fades layer by layer on "
    "its way back to the input (it vanishes). Large c: K grows with c and the gradient grows "
    "layer by layer on its way back (it explodes). Even at c = {c}, {share} % of this critic's "
    "parameters sit at ±c (measured K = {k}, table below): the clip still shapes the network. "
    "The gradient penalty keeps the gradient steady without clipping anything.":
        "c 很小时：权重堆积在 ±c，K 变得极小，梯度在传回输入的途中逐层衰减（梯度消失）。"
        "c 很大时：K 随 c 增大，梯度在传回途中逐层增大（梯度爆炸）。即使在 c = {c} 时，"
        "这个判别器仍有 {share} % 的参数停在 ±c（测得 K = {k}，见下表）：裁剪仍在塑造网络。"
        "梯度惩罚不裁剪任何参数，也能让梯度保持平稳。",
    "The exact optimal transport plan is computed with POT (Python Optimal Transport), a linear "
    "program solved by the network simplex.":
        "精确的最优传输方案由 POT（Python Optimal Transport）库计算：用网络单纯形法求解一个线性规划。",
    "Where P and Q are practically disjoint (shared mass < 0.1 %), JS sits at ln 2 whatever θ "
    "is, but the critic's estimate keeps growing with W1, so a generator trained against it "
    "always knows which way to move. Clipping buys that with a K you do not control: look how "
    "many weights sit exactly at ±c.":
        "在 P 与 Q 实际上不相交（共同质量 < 0.1 %）的地方，无论 θ 是多少 JS 都停在 ln 2，"
        "而判别器的估计值随 W1 持续增长，所以用它训练的生成器总知道该往哪里移动。"
        "裁剪的代价是一个你无法控制的 K：看看有多少权重正好停在 ±c。",
    "cost of the {plan}": "{plan}的代价",
    "exact optimal transport plan": "精确最优传输方案",
    "practically disjoint (shared mass < 0.1 %)": "实际上不相交（共同质量 < 0.1 %）",
    "Σ γᵢⱼ·dᵢⱼ of the plan drawn": "所画方案的 Σ γᵢⱼ·dᵢⱼ",
}
