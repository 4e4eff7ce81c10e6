"""简体中文, part: page 3 (the earth mover) and its figures
(pages/earth_mover.py, app/figures_earth.py; the messages of divergences/earth.py are
translated on the page, by code). Merged into STRINGS by app/locales/zh.py; terms as in its
docstring, plus: pile 土堆, hole 坑, bin 格, clod 土块, moving plan 搬运方案 / 传输方案,
north-west-corner rule 西北角法则, independent coupling 独立耦合, marginals 边缘分布."""

STRINGS: dict[str, str] = {
    # app/figures_earth.py:73
    'optimal plan (POT)':
        '最优方案（POT）',
    # app/figures_earth.py:74, pages/earth_mover.py:103
    'north-west-corner plan':
        '西北角方案',
    # app/figures_earth.py:75, pages/earth_mover.py:105
    'independent coupling P⊗Q':
        '独立耦合 P⊗Q',
    # app/figures_earth.py:80
    '{n} (goal)':
        '{n}（终点）',
    # app/figures_earth.py:80
    '{n} (start)':
        '{n}（起点）',
    # app/figures_earth.py:100
    'mass γᵢⱼ':
        '质量 γᵢⱼ',
    # app/figures_earth.py:102
    'from %{y} to %{x}: mass %{z:.4f}':
        '从 %{y} 到 %{x}：质量 %{z:.4f}',
    # app/figures_earth.py:104
    'Q (column sums)':
        'Q（列和）',
    # app/figures_earth.py:106
    'P (row sums)':
        'P（行和）',
    # app/figures_earth.py:114, app/figures_earth.py:116, app/figures_earth.py:223
    'mass':
        '质量',
    # app/figures_earth.py:121
    'to: bin of Q':
        '到：Q 的格',
    # app/figures_earth.py:122
    'from: bin of P':
        '从：P 的格',
    # app/figures_earth.py:172
    'P (earth to move)':
        'P（要搬走的土）',
    # app/figures_earth.py:173
    'P at x = %{x}: mass %{customdata:.4f}':
        'P 在 x = %{x} 处：质量 %{customdata:.4f}',
    # app/figures_earth.py:175
    'Q (holes to fill)':
        'Q（要填的坑）',
    # app/figures_earth.py:176
    'Q at x = %{x}: mass %{customdata:.4f}':
        'Q 在 x = %{x} 处：质量 %{customdata:.4f}',
    # app/figures_earth.py:180, app/figures_earth.py:215
    'moves (width = mass)':
        '搬运（线宽 = 质量）',
    # app/figures_earth.py:186
    '%{customdata[0]} → %{customdata[1]}: mass %{customdata[2]:.4f}':
        '%{customdata[0]} → %{customdata[1]}：质量 %{customdata[2]:.4f}',
    # app/figures_earth.py:203, app/figures_earth.py:249, app/figures_earth.py:300
    'position x (units)':
        '位置 x（单位）',
    # app/figures_earth.py:204
    'mass per bin (P above, Q below)':
        '每格的质量（P 在上，Q 在下）',
    # app/figures_earth.py:245
    'area = W1':
        '面积 = W1',
    # app/figures_earth.py:249
    'cumulative mass F(x)':
        '累积质量 F(x)',
    # app/figures_earth.py:265
    '▶ Play':
        '▶ 播放',
    # app/figures_earth.py:269
    '❚❚ Pause':
        '❚❚ 暂停',
    # app/figures_earth.py:274
    'time t = ':
        '时间 t = ',
    # app/figures_earth.py:292, app/figures_earth.py:314
    'earth on the move':
        '移动中的土',
    # app/figures_earth.py:301
    'earth per unit length (mass/unit)':
        '单位长度上的土量（质量/单位）',
    # pages/earth_mover.py:31
    '{pile}: {k} empty cell(s) read as 0.':
        '{pile}：{k} 个空单元格按 0 处理。',
    # pages/earth_mover.py:33
    '{pile}: {k} point(s) with a missing coordinate were left out.':
        '{pile}：{k} 个缺少坐标的点已被忽略。',
    # pages/earth_mover.py:35
    '{pile} had {n} entries; only the first {cap} are used (the cap), so {lost:.1%} of its eart'
    'h was left out.':
        '{pile} 有 {n} 项；只使用前 {cap} 项（上限），因此有 {lost:.1%} 的土被舍弃。',
    # pages/earth_mover.py:38
    'P has {n_p} bins and Q has {n_q}: the shorter pile was padded with empty bins.':
        'P 有 {n_p} 格而 Q 有 {n_q} 格：较短的土堆已用空格补齐。',
    # pages/earth_mover.py:41
    'The masses differ: P holds {total_p:g} and Q holds {total_q:g}. Each pile was scaled to to'
    'tal mass 1, so costs are average distances per unit of earth.':
        '两堆土的质量不同：P 有 {total_p:g}，Q 有 {total_q:g}。每堆土都已缩放到总质量 1，所以代价是每单位土的平均移动距离。',
    # pages/earth_mover.py:49
    '{pile} is empty: give it at least one bin (or point) with earth.':
        '{pile} 是空的：请至少给它一个有土的格（或点）。',
    # pages/earth_mover.py:51
    '{pile} has a negative height ({value:g}) at {where}: earth cannot be negative. Fix it in t'
    'he table.':
        '{pile} 在{where}处的高度为负（{value:g}）：土不能是负的。请在表格中改正。',
    # pages/earth_mover.py:54
    '{pile} holds no earth (its total is 0): give at least one bin a positive height.':
        '{pile} 里没有土（总量为 0）：请至少给一个格正的高度。',
    # pages/earth_mover.py:57
    '{pile} has an infinite or undefined value at {where}.':
        '{pile} 在{where}处有无穷大或未定义的值。',
    # pages/earth_mover.py:59
    '{pile} must hold numbers only.':
        '{pile} 只能包含数字。',
    # pages/earth_mover.py:65
    'Textbook example (5 bins, check it by hand)':
        '教科书示例（5 格，可以手算验证）',
    # pages/earth_mover.py:66
    'Two Gaussians':
        '两个高斯分布',
    # pages/earth_mover.py:67
    'Bimodal P, unimodal Q':
        '双峰的 P，单峰的 Q',
    # pages/earth_mover.py:68
    'A handful of points (check it by hand)':
        '寥寥几个点（可以手算验证）',
    # pages/earth_mover.py:69
    'Two Gaussian blobs':
        '两团高斯点云',
    # pages/earth_mover.py:70
    'Two moons → a circle':
        '双月形 → 圆',
    # pages/earth_mover.py:71
    '8 Gaussians → a ring':
        '8 个高斯分布 → 圆环',
    # pages/earth_mover.py:76
    '1-D piles of earth':
        '一维土堆',
    # pages/earth_mover.py:76
    '2-D weighted points':
        '二维带权点',
    # pages/earth_mover.py:102
    'W1 = cost of the optimal plan':
        'W1 = 最优方案的代价',
    # pages/earth_mover.py:104
    'Σ γᵢⱼ·dᵢⱼ of the plan that fills the holes in their listed order':
        '按列出的顺序依次填坑的方案的 Σ γᵢⱼ·dᵢⱼ',
    # pages/earth_mover.py:106
    'Σ pᵢ·qⱼ·dᵢⱼ: every bit of earth spread over every hole':
        'Σ pᵢ·qⱼ·dᵢⱼ：每一点土都分摊到每一个坑',
    # pages/earth_mover.py:107
    'optimal saves vs P⊗Q':
        '最优方案比 P⊗Q 节省',
    # pages/earth_mover.py:108
    '(cost of P⊗Q − W1) / cost of P⊗Q':
        '（P⊗Q 的代价 − W1）/ P⊗Q 的代价',
    # pages/earth_mover.py:110
    'Costs are Σ γᵢⱼ·dᵢⱼ (mass × distance) with piles of total mass 1: the average distance a b'
    'it of earth travels, in units. Cross-check: wasserstein1 gives {w:.4f} units.':
        '代价为 Σ γᵢⱼ·dᵢⱼ（质量 × 距离），两堆土的总质量都是 1：也就是一点土平均移动的距离，以单位计。交叉核对：wasserstein1 给出 {w:.4f} 单位。',
    # pages/earth_mover.py:121
    'costs the same as the {plan} ({c} units)':
        '与{plan}（{c} 单位）的代价相同',
    # pages/earth_mover.py:124
    'is {d} units ({r:.1%}) cheaper than the {plan} ({c} units)':
        '比{plan}（{c} 单位）便宜 {d} 单位（{r:.1%}）',
    # pages/earth_mover.py:127
    '**The optimal plan costs {w} units:** it {a}, and it {b}.':
        '**最优方案的代价为 {w} 单位：** 它{a}，也{b}。',
    # pages/earth_mover.py:131
    'In 1-D the north-west-corner rule (fill the holes left to right with the earth taken left '
    'to right) is itself an optimal plan: earth never needs to cross. That is why W1 in 1-D is '
    'the area between the CDFs below. In 2-D there is no left-to-right order, and the north-wes'
    't plan is usually far from optimal: try the 2-D points.':
        '在一维中，西北角法则（从左到右取土，从左到右填坑）本身就是一个最优方案：土的路线从不需要交叉。这就是为什么一维中的 W1 等于下面两条累积分布函数之间的面积。在二维中没有从'
        '左到右的顺序，西北角方案通常远非最优：试试二维的点。',
    # pages/earth_mover.py:141
    'from':
        '从',
    # pages/earth_mover.py:142
    'to':
        '到',
    # pages/earth_mover.py:144
    'distance (units)':
        '距离（单位）',
    # pages/earth_mover.py:145
    'cost = mass × distance (units)':
        '代价 = 质量 × 距离（单位）',
    # pages/earth_mover.py:151
    "The {k} largest of the plan's {n} moves, largest mass first.":
        '该方案共有 {n} 次搬运，这里列出质量最大的 {k} 次，按质量从大到小排列。',
    # pages/earth_mover.py:154
    'All {n} moves, largest mass first; their costs add up to {c} units.':
        '全部 {n} 次搬运，按质量从大到小排列；代价合计 {c} 单位。',
    # pages/earth_mover.py:170
    'Plan to draw':
        '显示哪个方案',
    # pages/earth_mover.py:172
    'The heat map, the arrows, the table of moves and the animation follow this plan.':
        '热力图、箭头、搬运明细和动画都按这个方案绘制。',
    # pages/earth_mover.py:180
    'The {k} largest of the {n} moves are drawn.':
        '共 {n} 次搬运，图中只画出质量最大的 {k} 次。',
    # pages/earth_mover.py:189
    'Picture P and Q as two piles of earth. The Earth Mover distance W1 is the least average di'
    'stance the earth must travel to reshape the pile P into the pile Q. There are countless wa'
    'ys to move it (moving plans); here you see several, their costs, and the optimal one, foun'
    'd by solving a linear program rather than by trying plans by hand. Edit the piles and watc'
    'h the plan and its cost follow.':
        '把 P 和 Q 想象成两堆土。推土机距离 W1 就是把土堆 P 铲成土堆 Q 的形状时，土平均至少要移动的距离。搬土的方式（传输方案）数不胜数；这里展示其中几种及其代价，还'
        '有最优的那一种：它是通过求解线性规划得到的，而不是靠手工逐个尝试。编辑土堆，看方案和代价如何随之变化。',
    # pages/earth_mover.py:197
    '**Piles and plans.** P puts mass pᵢ at position xᵢ, Q puts mass qⱼ at yⱼ. A moving plan is'
    ' a matrix γ: γᵢⱼ is how much earth goes from xᵢ to yⱼ. Its rows must empty P exactly and i'
    'ts columns must fill Q exactly (its *marginals* are P and Q). Each plan has a cost, mass t'
    'imes distance summed over all moves. The seed notes say: there are many ways to shovel the'
    ' earth; we look for the best plan, and its cost is the Earth Mover distance.\n\n**Found, n'
    'ot enumerated.** The plans form a polytope; the cheapest is found by linear programming (P'
    "OT's network simplex here). Two easy plans for comparison: the independent coupling P⊗Q sp"
    'reads every bit of earth over every hole, and the north-west-corner rule fills the holes i'
    'n their listed order.\n\n**In 1-D** the cheapest plan moves the earth in order, so W1 is s'
    'imply the area between the two cumulative distribution functions.\n\n**The earth moving.**'
    ' Along a plan each clod γᵢⱼ travels in a straight line at constant speed; halfway (t = ½) '
    'the earth sits halfway. This is the displacement interpolation: a path from P to Q of leng'
    'th W1.\n\n**Why a GAN cares.** W1 keeps measuring how far the earth must go even when the '
    'piles do not overlap at all, exactly where JS is stuck at ln 2 (page 1).':
        '**土堆与传输方案。** P 在位置 xᵢ 处放了质量 pᵢ，Q 在 yⱼ 处放了质量 qⱼ。一个搬运方案（传输方案）就是一个矩阵 γ：γᵢⱼ 表示从 xᵢ 运到 yⱼ 的'
        '土有多少。它的各行必须恰好把 P 搬空，各列必须恰好把 Q 填满（它的*边缘分布*就是 P 和 Q）。每个方案都有一个代价：所有搬运的“质量 × 距离”之和。讲义里说：铲土'
        '有很多种方式，我们要找最优的方案，它的代价就是推土机距离。\n\n**是求出来的，不是穷举出来的。** 所有方案构成一个多胞形；最便宜的那个用线性规划求出（这里用的是 PO'
        'T 的网络单纯形法）。另有两个简单的方案作对比：独立耦合 P⊗Q 把每一点土都分摊到每一个坑里；西北角法则按坑列出的顺序依次填满。\n\n**在一维中**，最便宜的方案按顺'
        '序搬土，所以 W1 就是两个累积分布函数之间的面积。\n\n**土的搬运过程。** 沿着一个方案，每个土块 γᵢⱼ 都沿直线匀速移动；走到一半时（t = ½），土也正好在半'
        '路上。这就是位移插值：一条从 P 到 Q、长度为 W1 的路径。\n\n**GAN 为什么关心这个。** 即使两堆土完全不重叠，W1 仍然能衡量土要搬多远；而恰恰在这种情况'
        '下，JS 散度卡在 ln 2 不动（第 1 页）。',
    # pages/earth_mover.py:219
    'What to move':
        '搬什么',
    # pages/earth_mover.py:227
    'Piles':
        '土堆',
    # pages/earth_mover.py:229
    'Number of bins':
        '格数',
    # pages/earth_mover.py:231
    'The textbook example always has 5 bins.':
        '教科书示例固定为 5 格。',
    # pages/earth_mover.py:235
    '**Edit the piles** bin by bin (any unit: each pile is scaled to total mass 1). Add or dele'
    'te rows to change the bins; at most {cap}.':
        '**逐格编辑土堆**（单位任意：每堆土都会缩放到总质量 1）。增删行可以改变格数；最多 {cap} 格。',
    # pages/earth_mover.py:244
    'bin centre; bins are 1 unit wide':
        '格的中心；每格宽 1 单位',
    # pages/earth_mover.py:245
    'P height':
        'P 的高度',
    # pages/earth_mover.py:246
    'Q height':
        'Q 的高度',
    # pages/earth_mover.py:248
    'Reset the piles':
        '重置土堆',
    # pages/earth_mover.py:261, pages/earth_mover.py:348
    'Moves of the {plan}: cost {c} units':
        '{plan}的搬运：代价 {c} 单位',
    # pages/earth_mover.py:266
    "exact: POT's LP on the bins (network simplex)":
        '精确值：POT 在各格上解线性规划（网络单纯形法）',
    # pages/earth_mover.py:271, pages/earth_mover.py:363
    'The plan γ: {plan}':
        '传输方案 γ：{plan}',
    # pages/earth_mover.py:272
    'from: position in P (units)':
        '从：P 中的位置（单位）',
    # pages/earth_mover.py:272
    'to: position in Q (units)':
        '到：Q 中的位置（单位）',
    # pages/earth_mover.py:274
    'Row sums are P (bars on the right), column sums are Q (bars on top): every plan has these '
    "marginals. Each cell's mass travels |xᵢ − xⱼ| units.":
        '行和是 P（右侧的条形），列和是 Q（上方的条形）：每个方案都有这样的边缘分布。每个单元格里的质量要移动 |xᵢ − xⱼ| 单位。',
    # pages/earth_mover.py:280, pages/earth_mover.py:358
    'The earth moving along the {plan}':
        '按{plan}搬土的过程',
    # pages/earth_mover.py:282
    'Press ▶ Play or drag the time slider: the animation runs in your browser. Each clod γᵢⱼ (o'
    'ne bin wide) slides from xᵢ to xⱼ at constant speed.':
        '点击 ▶ 播放 或拖动时间滑块：动画在你的浏览器中运行。每个土块 γᵢⱼ（一格宽）从 xᵢ 匀速滑到 xⱼ。',
    # pages/earth_mover.py:287
    'CDFs of P and Q: shaded area = {a} units = W1':
        'P 和 Q 的累积分布函数：阴影面积 = {a} 单位 = W1',
    # pages/earth_mover.py:290
    'Area between the CDFs: {a} units; cost of the optimal plan: {w} units.':
        '两条累积分布函数之间的面积：{a} 单位；最优方案的代价：{w} 单位。',
    # pages/earth_mover.py:296
    'The optimal plan moves each bit of earth only as far as it must; the independent coupling '
    'sends a little of every bin to every hole and pays for it. The optimal cost, the area betw'
    'een the CDFs and wasserstein1 are the same number.':
        '最优方案只让每一点土移动必须移动的距离；独立耦合则把每一格的土都分一点到每个坑里，为此付出代价。最优代价、累积分布函数之间的面积和 wasserstein1 给出的是同一个数。',
    # pages/earth_mover.py:312
    'Points per set':
        '每组点数',
    # pages/earth_mover.py:313
    'The handful example always has 3 points per set.':
        '“寥寥几个点”示例每组固定为 3 个点。',
    # pages/earth_mover.py:314
    'Random weights':
        '随机权重',
    # pages/earth_mover.py:315
    'Weights drawn from a flat Dirichlet; otherwise equal.':
        '打开时，权重从参数全为 1 的 Dirichlet 分布中抽取；否则各点权重相等。',
    # pages/earth_mover.py:320
    'Edit the points (x, y, weight)':
        '编辑点（x、y、权重）',
    # pages/earth_mover.py:321
    'Weights in any unit (each set is scaled to total mass 1); add or delete rows, at most {cap'
    '} points per set.':
        '权重单位任意（每组都会缩放到总质量 1）；可以增删行，每组最多 {cap} 个点。',
    # pages/earth_mover.py:326
    'weight':
        '权重',
    # pages/earth_mover.py:328
    '**P** (earth to move)':
        '**P**（要搬走的土）',
    # pages/earth_mover.py:331
    '**Q** (holes to fill)':
        '**Q**（要填的坑）',
    # pages/earth_mover.py:334
    'Reset the points':
        '重置点',
    # pages/earth_mover.py:352
    "exact: POT's LP (network simplex), Euclidean distance":
        '精确值：POT 的线性规划（网络单纯形法），欧氏距离',
    # pages/earth_mover.py:360
    'Press ▶ Play or drag the time slider: the animation runs in your browser. Each clod γᵢⱼ tr'
    'avels in a straight line from its P point to its Q point.':
        '点击 ▶ 播放 或拖动时间滑块：动画在你的浏览器中运行。每个土块 γᵢⱼ 沿直线从它的 P 点移动到它的 Q 点。',
    # pages/earth_mover.py:364
    'from: P point # (listed order)':
        '从：P 的点编号（按列出顺序）',
    # pages/earth_mover.py:364
    'to: Q point # (listed order)':
        '到：Q 的点编号（按列出顺序）',
    # pages/earth_mover.py:366
    'The north-west plan walks the points in the order they are listed, without looking at dist'
    'ances; the optimal plan looks at every distance.':
        '西北角方案按点列出的顺序逐个处理，完全不看距离；最优方案则考虑每一个距离。',
    # pages/earth_mover.py:368, pages/earth_mover.py:293
    '**Table of moves** · {plan}':
        '**搬运明细** · {plan}',
    # pages/earth_mover.py:372
    'In 2-D the order of the points means nothing, so the north-west plan pays for crossing lin'
    "es; the optimal plan's lines do not cross. The LP finds it among infinitely many plans.":
        '在二维中，点的顺序没有任何意义，所以西北角方案要为交叉的连线付出代价；最优方案的连线互不交叉。线性规划从无穷多个方案中找到了它。',
    # ---- your own data (issue 8), predict-then-reveal, error locations (divergences/earth.py)
    'bin {i}':
        '第 {i} 格',
    'point {i}':
        '第 {i} 个点',
    'Also picks which of your points are kept when you give more than {cap}.':
        '当你给出的点多于 {cap} 个时，它也决定保留哪些点。',
    "Each of P's four shovelfuls has a hole one bin away (0→1, 2→1, 2→3, 4→3), so the optimal plan moves every shovelful exactly one bin: W1 = {w} units. The independent coupling P⊗Q spreads each shovelful over both holes and pays {c} units, {r:.0%} more. The piles below start on this example: check it.":
        'P 的四锹土各有一个相距一格的坑（0→1、2→1、2→3、4→3），所以最优方案让每一锹土恰好移动一格：W1 = {w} 单位。独立耦合 P⊗Q 把每一锹土分摊到两个坑里，要付出 {c} 单位，多了 {r:.0%}。下面的土堆一开始就是这个例子：自己验证一下。',
    "In your data's units: W1 = {wb} bins × {w} (the bin width) = {wd}.":
        '换算成你的数据的单位：W1 = {wb} 格 × {w}（格宽）= {wd}。',
    "P's and Q's samples":
        'P 和 Q 的样本',
    "P's samples":
        'P 的样本',
    "Q's samples":
        'Q 的样本',
    "The other pile keeps the preset's heights on the same {n} bins.":
        '另一个土堆沿用预设在这同样 {n} 个格上的高度。',
    'The textbook piles: P = 1, 0, 2, 0, 1 shovelfuls and Q = 0, 2, 0, 2, 0 on bins one unit apart. What is W1, the least average distance a shovelful of earth must travel?':
        '教科书例子：P = 1, 0, 2, 0, 1 锹土，Q = 0, 2, 0, 2, 0 锹，各格相距一个单位。W1 是多少？也就是每锹土平均至少要搬多远？',
    'Your data: {whose} are counted in {n} equal bins from {lo} to {hi} (your units), each {w} wide; P and Q share these bins. Bin k sits at x = k on this page, so distances here are in bins.':
        '你的数据：{whose}被计入从 {lo} 到 {hi}（你的单位）的 {n} 个等宽格中，每格宽 {w}；P 和 Q 共用这些格。第 k 格在本页位于 x = k，所以这里的距离以“格”为单位。',
    "Your own points replace the preset's P or Q.":
        '你自己的点会替换预设中的 P 或 Q。',
    "Your own samples replace the preset's P or Q.":
        '你自己的样本会替换预设中的 P 或 Q。',
    'Your points count equally (weight 1 each); edit the weights below.':
        '你的每个点权重相同（各为 1）；可以在下面修改权重。',
    'Your samples themselves, unbinned, give W1 = {e} (exact, sorted samples); the difference is what binning into {n} bins costs.':
        '不分格、直接用你的样本算得 W1 = {e}（精确值，基于排序后的样本）；两者之差就是分成 {n} 格带来的误差。',
    '{name}: a random {k} of your {n} points (seed {s}): the page solves the plan for at most {cap} points per set.':
        '{name}：从你的 {n} 个点中随机取 {k} 个（种子 {s}）：本页每个点集最多用 {cap} 个点求解传输方案。',
    'Your samples are counted in this many bins.':
        '你的样本被计入这么多个格。',
}
