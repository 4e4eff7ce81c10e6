"""简体中文: page 4 (the critic) and page 5 (the generator's gradient).

pages/critic.py, app/figures_critic.py, pages/generator_gradient.py, app/figures_gradients.py.
“讲义” is the teaching notes (a Chinese blog post on why the Wasserstein GAN works, see
docs/DESIGN.md §1) that the English calls "the seed" or "the notes".
"""

STRINGS: dict[str, str] = {
    # app/figures_gradients.py:277
    '(V(G, D_k) + log 4) / 2 (nats)':
        '(V(G, D_k) + log 4) / 2（奈特）',
    # pages/generator_gradient.py:232
    '(V(G, D_k) + log 4)/2: reaches the exact JS ({v} nats) only at D*':
        '(V(G, D_k) + log 4)/2：只有在 D* 处才达到精确的 JS（{v} 奈特）',
    # pages/generator_gradient.py:146
    '**How the numbers here are computed.** P and $Q_\\theta$ are discretised exactly on a grid of '
    'cells (h = 0.01). A generator $x = z + \\theta$ gets the gradient below, with $\\varphi$ held '
    "fixed; $\\varphi'$ is a five-point finite difference on the grid inside Q's support, which "
    'equals the θ-derivative of the loss with $D^*$ frozen up to $O(h^4)$ (checked in the tests '
    'to 1e-8, and against KL − 2·JS computed independently to 1e-6).':
        '**这里的数值是怎么算的。** P 和 $Q_\\theta$ 在由小格组成的网格（h = 0.01）上精确离散化。'
        "生成器 $x = z + \\theta$ 得到下面的梯度，其中 $\\varphi$ 保持固定；$\\varphi'$ 是在 Q "
        '的支撑集内的网格上取的五点有限差分，它与冻结 $D^*$ 时损失对 θ 的导数只相差 '
        '$O(h^4)$（测试中已核对到 1e-8，并与独立计算的 KL − 2·JS 核对到 1e-6）。',
    # pages/critic.py:146
    '**P and Q in the plane.** Q is moved by θ along x.':
        '**平面上的 P 和 Q。** Q 沿 x 方向平移 θ。',
    # pages/critic.py:131
    '**P and Q on a line.** P sits at 0; Q is moved by θ.':
        '**直线上的 P 和 Q。** P 位于 0 处；Q 平移 θ。',
    # pages/critic.py:76
    '**The Kantorovich–Rubinstein dual.** W1 is also the largest gap E_P f − E_Q f that a '
    '1-Lipschitz function f can open between P and Q. 1-Lipschitz means f is smooth enough: it '
    'never changes faster than the distance travelled. A steeper f could open any gap it likes, '
    'and the "distance" would be infinite.\n\n**The clipped critic.** A neural network f_w is '
    'K-Lipschitz for some K if its weights are bounded, so WGAN clips every weight (and bias) '
    'into [−c, c] after every update. K depends on c and on the network, and nobody knows it '
    "exactly; so the critic's best gap is about K·W1, not W1. That is enough for training a "
    'generator: a constant factor does not change which way is downhill. Here we measure K (the '
    'steepest slope of f over a dense grid and the samples) and divide by it.\n\n**The exact answer '
    "in 1D.** The best 1-Lipschitz f climbs with slope +1 where Q's CDF is ahead of P's and falls "
    "with slope −1 where P's is ahead, and its gap is exactly W1.\n\n**The modern fix.** WGAN-GP "
    'drops clipping and instead penalises the critic when its gradient norm strays from 1 on '
    'points between P and Q (weight λ), trained with Adam as in that paper. Its estimate is '
    'compared with W1 directly.':
        '**Kantorovich–Rubinstein 对偶。** W1 也等于 1-Lipschitz 函数 f 在 P 和 Q '
        '之间所能拉开的最大差距 E_P f − E_Q f。1-Lipschitz 的意思是 f 足够平滑：'
        '它的变化永远不会快于自变量移动的距离。如果允许 f 更陡，它想拉开多大的差距都可以，'
        '这个“距离”就会变成无穷大。\n\n**权重裁剪的评论家。** 只要权重有界，神经网络 f_w 就是 '
        'K-Lipschitz 的（K 为某个常数），所以 WGAN 在每次更新后都把每个权重（以及偏置）裁剪到 '
        '[−c, c] 之内。K 取决于 c 和网络本身，没有人能精确知道它；因此评论家能拉开的最大差距约为 '
        'K·W1，而不是 W1。这对训练生成器已经足够：乘上一个常数因子并不改变哪个方向是下坡。'
        '这里我们测出 K（f 在一个密集网格和样本点上的最大斜率），再用它去除。\n\n**一维中的精确解。'
        '** 最优的 1-Lipschitz 函数 f 在 Q 的累积分布函数大于 P 的地方以斜率 +1 上升，在 P '
        '的更大的地方以斜率 −1 下降，它拉开的差距恰好就是 W1。\n\n**现代的改进。** WGAN-GP '
        '不再裁剪权重，而是在 P 和 Q 之间的点上，当评论家的梯度范数偏离 1 时施加惩罚（权重为 λ），'
        '并像该论文那样用 Adam 训练。它的估计值直接与 W1 比较。',
    # pages/generator_gradient.py:141
    '**The WGAN critic.** $W_1 = \\max_{\\|f\\|_L \\le 1} \\mathbb{E}_{p_{data}}[f] - '
    "\\mathbb{E}_{p_G}[f]$. With the optimal critic $f^*$ the generator's loss is "
    '$-\\mathbb{E}_{p_G}[f^*]$; in 1-D $f^*$ has slope ±1 between the two distributions, so the '
    'gradient has magnitude 1 however far apart they are.':
        '**WGAN 的评论家。** $W_1 = \\max_{\\|f\\|_L \\le 1} \\mathbb{E}_{p_{data}}[f] - '
        '\\mathbb{E}_{p_G}[f]$。在最优评论家 $f^*$ 下，生成器的损失是 $-\\mathbb{E}_{p_G}[f^*]$；'
        '在一维中，$f^*$ 在两个分布之间的斜率为 ±1，所以无论两者相距多远，梯度的大小都是 1。',
    # pages/critic.py:156
    '**The critic.**':
        '**评论家。**',
    # pages/generator_gradient.py:106
    '**The minimax loss vanishes.** For a fixed generator the best discriminator is $D^*$ below, '
    "and with it the GAN's value is the seed's $C(G)$:":
        '**极小极大损失的梯度消失。** 对固定的生成器，最优判别器就是下面的 $D^*$，此时 GAN '
        '的价值函数就是讲义中的 $C(G)$：',
    # pages/generator_gradient.py:116
    '**The −log D fix.** Goodfellow replaced $\\mathbb{E}_{x\\sim p_G}[\\log(1-D(x))]$ by '
    '$\\mathbb{E}_{x\\sim p_G}[-\\log D(x)]$. Splitting KL with $D^*$:':
        '**−log D 改进。** Goodfellow 把 $\\mathbb{E}_{x\\sim p_G}[\\log(1-D(x))]$ 替换为 '
        '$\\mathbb{E}_{x\\sim p_G}[-\\log D(x)]$。用 $D^*$ 拆开 KL 散度：',
    # app/figures_gradients.py:67
    '0 (exactly)':
        '0（精确值）',
    # pages/generator_gradient.py:161
    '1 · Against the optimal discriminator':
        '1 · 面对最优判别器',
    # pages/critic.py:232
    "1D: ∫|F_P − F_Q| dx on the grid; 2D: POT's exact solver on the same points.":
        '一维：在网格上计算 ∫|F_P − F_Q| dx；二维：在同一批点上用 POT 的精确求解器计算。',
    # pages/generator_gradient.py:208
    '2 · A discriminator trained k steps':
        '2 · 训练 k 步的判别器',
    # pages/critic.py:116, pages/live_training.py:40
    '25 Gaussians on a grid':
        '网格上的 25 个高斯分布',
    # pages/generator_gradient.py:251
    '3 · Why −log D prefers to collapse: the KL asymmetry':
        '3 · 为什么 −log D 倾向于崩溃：KL 散度的不对称性',
    # pages/critic.py:116, pages/live_training.py:39
    '8 Gaussians on a circle':
        '圆周上的 8 个高斯分布',
    # app/figures_gradients.py:158
    '= 0':
        '恰为 0',
    # pages/critic.py:351
    'A fresh critic for each of the {n} offsets, {s} steps each, same settings and seed. Raw '
    'estimates against W1: correlation r = {r} (1 would be a perfect line); the slope of the '
    "fitted line is the critics' typical K.":
        '对 {n} 个偏移量各训练一个全新的评论家，每个 {s} 步，设置和随机种子都相同。原始估计值与 '
        'W1 的相关系数 r = {r}（等于 1 表示完全落在一条直线上）；'
        '拟合直线的斜率就是这些评论家典型的 K。',
    # pages/generator_gradient.py:209
    'A real discriminator: a small neural network (2 hidden layers of 32 ReLU units, a sigmoid '
    'output) trained with Adam on the exact data and generator distributions, with the generator '
    "frozen. After k steps we measure the generator's gradient through it.":
        '一个真实的判别器：一个小型神经网络（2 个隐藏层，每层 32 个 ReLU 单元，sigmoid 输出），'
        '在精确的数据分布和生成器分布上用 Adam 训练，生成器保持冻结。训练 k 步之后，'
        '我们测量经由它传回的生成器梯度。',
    # pages/critic.py:174
    'Batch size (points of P and of Q per step)':
        '批大小（每步 P 和 Q 各取的点数）',
    # pages/critic.py:114, pages/low_dim_supports.py:32
    'Circle':
        '圆',
    # pages/critic.py:159
    'Clip value c (weight clipping)':
        '裁剪值 c（权重裁剪）',
    # pages/critic.py:230
    'Comparable with W1: the gap of the critic rescaled to slope 1.':
        '可直接与 W1 比较：把评论家拉开的差距换算到斜率为 1。',
    # pages/critic.py:224
    'Critic estimate (units × K)':
        '评论家估计值（单位 × K）',
    # pages/critic.py:166
    'Critic steps':
        '评论家训练步数',
    # app/figures_gradients.py:190
    'D*(x) (probability)':
        'D*(x)（概率）',
    # app/figures_gradients.py:184
    'D*(x) = p/(p + q) (right axis)':
        'D*(x) = p/(p + q)（右轴）',
    # pages/generator_gradient.py:155
    'Data P and generator Q_θ':
        '数据 P 与生成器 Q_θ',
    # pages/critic.py:147
    'Data set P':
        '数据集 P',
    # pages/critic.py:149
    'Data set Q':
        '数据集 Q',
    # app/figures_gradients.py:187
    'Data, generator (θ = {theta}) and the optimal discriminator':
        '数据、生成器（θ = {theta}）与最优判别器',
    # pages/generator_gradient.py:218
    'Discriminator steps k':
        '判别器训练步数 k',
    # pages/generator_gradient.py:38
    'Disjoint uniforms, θ = 2':
        '不相交的均匀分布，θ = 2',
    # pages/critic.py:340
    "Does the critic's estimate follow W1 as Q moves?":
        'Q 移动时，评论家的估计值会跟着 W1 变化吗？',
    # pages/generator_gradient.py:284
    'Dropping a whole mode costs only ln 2 ≈ 0.693 nats whatever σ is; putting half the samples '
    'where the data is not costs {v} nats at σ = {s}, and grows without bound as the modes get '
    'sharper. So the −log D generator prefers to collapse onto the safe mode rather than risk '
    'fake-looking samples: mode collapse.':
        '无论 σ 是多少，丢掉整个模式只需付出 ln 2 ≈ 0.693 奈特；而把一半样本放在没有数据的地方，'
        '在 σ = {s} 时要付出 {v} 奈特，并且随着模式越来越尖锐而无限增长。所以 −log D '
        '生成器宁愿塌缩到安全的模式上，也不愿冒险生成看起来是假的样本：这就是模式崩溃。',
    # pages/generator_gradient.py:275
    'Drops a mode: KL = {v} nats':
        '丢掉一个模式：KL = {v} 奈特',
    # pages/critic.py:225
    'E_P f − E_Q f of the trained critic, computed exactly: cell masses on a grid in 1D, the '
    'held-out points in 2D.':
        '训练好的评论家的 E_P f − E_Q f，精确计算：一维用网格上各格的质量，二维用留出的点。',
    # pages/generator_gradient.py:180
    'E_P[log D*] + E_Q[log(1 − D*)], summed over the cells':
        'E_P[log D*] + E_Q[log(1 − D*)]，对所有格子求和',
    # pages/generator_gradient.py:229
    'E_Q[d/dx (−log D_k(x))] by autograd; with D*: {v}':
        '用自动微分计算 E_Q[d/dx (−log D_k(x))]；使用 D* 时：{v}',
    # pages/generator_gradient.py:226
    "E_Q[d/dx log(1 − D_k(x))] by autograd, weighted by Q's cell masses; with D*: {v}":
        '用自动微分计算 E_Q[d/dx log(1 − D_k(x))]，按 Q 在各格的质量加权；使用 D* 时：{v}',
    # pages/generator_gradient.py:261
    'E_{P_G}[−log D*] with D* = p_data/(p_data + p_G): what the −log D generator pays':
        'E_{P_G}[−log D*]，其中 D* = p_data/(p_data + p_G)：−log D 生成器要付出的代价',
    # app/figures_critic.py:174
    'Estimate against exact W1: correlation r = {r}':
        '估计值与精确 W1 的对比：相关系数 r = {r}',
    # pages/critic.py:229
    'Estimate ÷ K (units)':
        '估计值 ÷ K（单位）',
    # pages/critic.py:161
    'Every weight and bias is clipped into [−c, c] after every step. The WGAN paper used 0.01 '
    'with much wider networks.':
        '每一步之后，每个权重和偏置都被裁剪到 [−c, c] 之内。WGAN 论文用的是 0.01，但网络要宽得多。',
    # pages/critic.py:231
    'Exact W1 (units)':
        '精确 W1（单位）',
    # pages/critic.py:132, pages/js_saturates.py:154
    'Family of P':
        'P 的分布族',
    # pages/critic.py:134, pages/js_saturates.py:159
    'Family of Q':
        'Q 的分布族',
    # pages/generator_gradient.py:196
    'For θ ≥ 1 the supports are disjoint: D* = 0 on all of Q, flat, so the minimax gradient is '
    'exactly 0 (the “= 0” row at the bottom of the chart). The −log D loss is +∞ as soon as Q '
    'puts mass where P has none, so its gradient is undefined (the “undefined” row at the top). '
    'The WGAN gradient is 1 for every θ > 0.':
        '当 θ ≥ 1 时支撑集不相交：D* 在 Q 的整个支撑集上都等于 0，而且是平的，'
        '所以极小极大损失的梯度恰好为 0（图表底部“恰为 0”那一行）。只要 Q 在 P '
        '没有质量的地方放了质量，−log D 损失就是 +∞，所以它的梯度未定义（顶部“未定义”那一行）。'
        '对每个 θ > 0，WGAN 的梯度都是 1。',
    # pages/critic.py:109, pages/js_saturates.py:43
    'Gaussian':
        '高斯分布',
    # pages/critic.py:115, pages/low_dim_supports.py:33
    'Gaussian blob':
        '高斯点团',
    # pages/generator_gradient.py:39
    'Gaussians far apart, θ = 6':
        '相距很远的高斯分布，θ = 6',
    # pages/generator_gradient.py:33
    'Gaussians: P = N(0, 1), Q_θ = N(θ, 1) (tails always overlap)':
        '高斯分布：P = N(0, 1)，Q_θ = N(θ, 1)（尾部总有重叠）',
    # app/figures_gradients.py:254
    'Generator gradient with a discriminator trained k steps':
        '判别器训练 k 步后的生成器梯度',
    # pages/critic.py:327
    'Geometric mean over the last quarter of training of the gradient of the critic loss with '
    "respect to each layer's input (the WGAN-GP paper's Figure 1b, on a small network).":
        '评论家损失对每一层输入的梯度，在训练最后四分之一阶段的几何平均（即 WGAN-GP 论文的图 1b，'
        '这里用的是一个小网络）。',
    # pages/critic.py:265
    'Gradient penalty: the estimate {e} itself is compared with W1 = {w} units ({pct} %). For a '
    'straight optimal critic the penalised optimum has slope 1 + W1/(2λ), so it overshoots W1 by '
    'that factor ({f} here).':
        '梯度惩罚：直接拿估计值 {e} 本身与 W1 = {w} 单位比较（{pct} %）。当最优评论家是一条直线时，'
        '加了惩罚后的最优解斜率为 1 + W1/(2λ)，所以它会按这个倍数高估 W1（这里是 {f}）。',
    # app/figures_critic.py:220
    'Gradient reaching each layer: vanishing, exploding or steady':
        '传到每一层的梯度：消失、爆炸还是平稳',
    # pages/critic.py:170
    'Hidden layers':
        '隐藏层数',
    # pages/critic.py:168
    'Hidden units per layer':
        '每层隐藏单元数',
    # app/figures_gradients.py:275
    'How good the discriminator is: the JS it implies':
        '判别器有多好：它所隐含的 JS 散度',
    # app/figures_gradients.py:166
    'How hard each loss pulls the generator: |dL/dθ|':
        '每种损失对生成器的拉力有多大：|dL/dθ|',
    # pages/critic.py:254
    'In 1D the penalty makes a critic whose slope has the wrong sign somewhere pay λ to turn '
    'round, since turning means passing through slope 0.':
        '在一维中，如果评论家的斜率在某处符号错了，惩罚项会让它为掉头付出 λ 的代价，'
        '因为掉头意味着斜率要经过 0。',
    # pages/critic.py:356
    'In 2D, JS is that of 30 × 30 histograms of the points, and W1 is exact (POT) between the '
    'points.':
        '二维中，JS 散度由这些点的 30 × 30 直方图算出，W1 则是这些点之间的精确值（POT）。',
    # app/figures_gradients.py:264, pages/generator_gradient.py:231
    'JS implied by D_k':
        'D_k 隐含的 JS 散度',
    # app/figures_critic.py:140
    'JS(P‖Q) (nats)':
        'JS(P‖Q)（奈特）',
    # pages/generator_gradient.py:177
    'JS(P‖Q_θ)':
        'P 与 Q_θ 的 JS 散度',
    # app/figures_gradients.py:302
    'KL integrand (nats/unit)':
        'KL 被积函数（奈特/单位）',
    # pages/generator_gradient.py:263
    'KL, dropped mode (nats)':
        'KL，丢掉模式（奈特）',
    # pages/generator_gradient.py:264
    'KL, fakes (nats)':
        'KL，生成假样本（奈特）',
    # pages/critic.py:171
    'Learning rate':
        '学习率',
    # pages/critic.py:282
    'Light is high, dark is low. The best 1-Lipschitz critic rises with slope 1 along the '
    'directions in which the earth of Q must move to reach P.':
        '颜色越亮值越高，越暗值越低。最优的 1-Lipschitz 评论家沿着 Q 的土为到达 P '
        '而必须移动的方向，以斜率 1 上升。',
    # pages/critic.py:157
    'Lipschitz constraint':
        'Lipschitz 约束',
    # pages/generator_gradient.py:279
    'Makes fakes: KL = {v} nats':
        '生成假样本：KL = {v} 奈特',
    # pages/critic.py:227
    'Measured K (slope)':
        '测得的 K（斜率）',
    # pages/generator_gradient.py:135
    'Minimising it shrinks KL while *growing* JS: the two terms pull against each other, an '
    'unstable objective. And $D_{KL}(p_G\\|p_{data})$ is lopsided: where $p_G \\to 0$ but $p_{data} '
    '> 0$ (a missing mode) its integrand $\\to 0$; where $p_G > 0$ but $p_{data} \\to 0$ (fake '
    'samples) it $\\to +\\infty$. Lack of diversity costs almost nothing, lack of accuracy costs '
    'without limit, so the generator would rather repeat safe samples: mode collapse (section 3).':
        '最小化它会在减小 KL 散度的同时*增大* JS 散度：两项互相拉扯，这是一个不稳定的目标。而且 '
        '$D_{KL}(p_G\\|p_{data})$ 是不对称的：在 $p_G \\to 0$ 而 $p_{data} > 0$ 的地方（缺失的模式）'
        '，它的被积函数 $\\to 0$；在 $p_G > 0$ 而 $p_{data} \\to 0$ 的地方（假样本），它 $\\to '
        '+\\infty$。缺乏多样性几乎没有代价，缺乏准确性的代价却没有上限，'
        '所以生成器宁愿重复生成安全的样本：这就是模式崩溃（见第 3 节）。',
    # pages/critic.py:167
    'Network and optimiser':
        '网络与优化器',
    # pages/critic.py:151
    'Offset θ of Q along x (units)':
        'Q 沿 x 方向的偏移 θ（单位）',
    # pages/generator_gradient.py:162
    'Offset θ of the generator Q_θ (units)':
        '生成器 Q_θ 的偏移 θ（单位）',
    # pages/critic.py:276
    "Only the critic's values where P or Q has mass count: there f / K (black, shifted by a "
    'constant, which changes nothing) should lie on f* (green). Outside, any continuation with '
    'slope at most 1 opens the same gap.':
        '只有在 P 或 Q 有质量的地方，评论家的取值才有意义：在那里 f / K（黑色，平移了一个常数，'
        '这不影响任何结果）应当落在 f*（绿色）上。在这些地方之外，任何斜率不超过 1 '
        '的延拓都能拉开同样的差距。',
    # pages/generator_gradient.py:40
    'Overlapping Gaussians, θ = 1':
        '重叠的高斯分布，θ = 1',
    # app/figures_gradients.py:178
    'P (data)':
        'P（数据）',
    # pages/critic.py:235
    'P and Q are the same distribution here: W1 = 0, and the best critic is any constant. Move Q '
    'away to give the critic something to measure.':
        '这里 P 和 Q 是同一个分布：W1 = 0，任何常数函数都是最优评论家。把 Q 移开，'
        '评论家才有东西可测。',
    # pages/critic.py:114, pages/low_dim_supports.py:32
    "Parallel lines (Arjovsky's Example 1)":
        '平行线（Arjovsky 的例 1）',
    # pages/critic.py:164
    'Penalty weight λ (gradient penalty)':
        '惩罚权重 λ（梯度惩罚）',
    # app/figures_gradients.py:181
    'Q_θ (generator)':
        'Q_θ（生成器）',
    # pages/generator_gradient.py:163
    'Q_θ is P shifted right by θ.':
        'Q_θ 是把 P 向右平移 θ 得到的。',
    # pages/critic.py:117, pages/live_training.py:43
    'Ring':
        '圆环',
    # pages/critic.py:176, pages/earth_mover.py:316
    'Seed':
        '随机种子',
    # pages/generator_gradient.py:215
    'Setup':
        '实验设置',
    # pages/critic.py:307
    'Small c: the weights pile up at ±c, K becomes tiny and the gradient fades layer by layer on '
    'its way back to the input (it vanishes). Large c: the clip hardly acts, K is whatever '
    'training makes it, and the gradient grows layer by layer on its way back (it explodes). The '
    'gradient penalty keeps it steady without clipping anything.':
        'c 较小时：权重堆积在 ±c 处，K 变得极小，梯度在反向传回输入的途中一层层衰减（梯度消失）。'
        'c 较大时：裁剪几乎不起作用，K 由训练过程随意决定，'
        '梯度在反向传播的途中一层层增大（梯度爆炸）。梯度惩罚不裁剪任何东西，却能让梯度保持平稳。',
    # pages/generator_gradient.py:110
    'So minimising the loss is minimising JS. When the supports do not overlap, $D^*$ is 1 on the '
    'data and 0 on the fakes, flat around every generated sample, and JS is stuck at $\\log 2$: '
    "the generator's gradient is 0. This is why the discriminator must be trained just enough: "
    'too many steps and it is nearly perfect and the gradient vanishes; too few and the gradient '
    'is inaccurate.':
        '所以最小化损失就是最小化 JS 散度。当支撑集不重叠时，$D^*$ 在数据上为 1、在假样本上为 0，'
        '在每个生成样本附近都是平的，JS 散度卡在 $\\log 2$：生成器的梯度为 0。'
        '这就是为什么判别器的训练要恰到好处：步数太多，判别器近乎完美，梯度消失；步数太少，'
        '梯度又不准确。',
    # pages/critic.py:117, pages/live_training.py:41
    'Swiss roll':
        '瑞士卷',
    # pages/critic.py:70
    'The Earth Mover distance has a second face. Instead of searching for the cheapest plan, '
    'search for the best *critic*: a function f that is high where P lives and low where Q lives, '
    'but not too steep. WGAN lets a neural network be that critic and trains it on samples. Here '
    'you train one, live, and compare what it learned with the exact answer.':
        '推土机距离还有另一副面孔。不去寻找最便宜的传输方案，而是去寻找最好的*评论家*：一个在 P '
        '所在之处取值高、在 Q 所在之处取值低、但又不能太陡的函数 f。WGAN '
        '让一个神经网络来充当这个评论家，并用样本训练它。在这里你可以现场训练一个评论家，'
        '并把它学到的结果与精确答案比较。',
    # pages/critic.py:306
    'The clip value c and what it costs':
        '裁剪值 c 及其代价',
    # app/figures_critic.py:153
    'The critic follows W1 where JS is stuck':
        'JS 散度卡住不动时，评论家仍然跟着 W1 走',
    # pages/critic.py:239
    'The critic stayed flat (K ≈ {k}): with these settings almost no gradient reaches the '
    'weights, so it learned nothing. Try a larger clip value c, fewer layers or the gradient '
    'penalty.':
        '评论家一直是平的（K ≈ {k}）：在这些设置下几乎没有梯度能传到权重，所以它什么也没学到。'
        '试试更大的裁剪值 c、更少的层数，或者改用梯度惩罚。',
    # app/figures_critic.py:112
    "The critic's estimate E_P f − E_Q f while it trains":
        '训练过程中评论家的估计值 E_P f − E_Q f',
    # pages/generator_gradient.py:252
    'The data has two modes, ½N(−2, σ²) + ½N(2, σ²). Two imperfect generators: one **drops a '
    'mode** (all its samples on the left mode), the other **makes fakes** (half its samples '
    'between the modes, where there is no data). The −log D generator minimises KL(P_G‖P_data) − '
    '2·JS: here is the KL term, drawn as its integrand over x.':
        '数据有两个模式：½N(−2, σ²) + ½N(2, σ²)。两个不完美的生成器：'
        '一个**丢掉一个模式**（所有样本都落在左边的模式上），'
        '另一个**生成假样本**（一半样本落在两个模式之间，那里没有数据）。−log D 生成器最小化的是 '
        'KL(P_G‖P_data) − 2·JS：这里画的是其中的 KL 项，用它关于 x 的被积函数来表示。',
    # pages/generator_gradient.py:97
    'The generator learns only through the gradient its loss sends back through the '
    'discriminator. Here you measure that gradient exactly for the three losses of the story as '
    'the generator Q_θ moves away from the data P: the original minimax loss E[log(1 − D)], '
    "Goodfellow's “non-saturating” fix E[−log D], and the WGAN loss −E[f] with the optimal "
    'critic. Then you train a real discriminator for k steps and watch the minimax gradient die, '
    'and you see why the −log D fix drives mode collapse.':
        '生成器只能通过它的损失经由判别器传回的梯度来学习。这里，随着生成器 Q_θ 远离数据 P，'
        '你将精确测量故事中三种损失的梯度：原始的极小极大损失 E[log(1 − D)]、Goodfellow '
        '的“非饱和”改进 E[−log D]，以及使用最优评论家的 WGAN 损失 −E[f]。'
        '然后你会把一个真实的判别器训练 k 步，看着极小极大梯度消失，并看清 −log D '
        '改进为什么会导致模式崩溃。',
    # pages/critic.py:228
    'The largest gradient norm ‖∇f‖ over a dense grid and the samples.':
        '在密集网格和样本点上，梯度范数 ‖∇f‖ 的最大值。',
    # app/figures_critic.py:74
    'The learned critic (÷ K) over the exact optimal critic f*':
        '学到的评论家（÷ K）与精确的最优评论家 f* 的对照',
    # app/figures_critic.py:94
    'The learned critic f over the plane: high on P, low on Q':
        '平面上学到的评论家 f：在 P 上高，在 Q 上低',
    # pages/generator_gradient.py:190
    'The minimax gradient rises, then falls by orders of magnitude as Q moves away ({v} nats/unit '
    "at θ = {tmax}): D* becomes a near-perfect 0/1 step and is flat under Q's samples. The −log D "
    'gradient keeps growing with θ (a loss that keeps accelerating), while the WGAN gradient '
    'stays exactly 1.':
        '随着 Q 远离，极小极大梯度先上升，然后下降好几个数量级（θ = {tmax} 时为 {v} 奈特/单位）：'
        'D* 变成近乎完美的 0/1 阶跃，在 Q 的样本处是平的。−log D 梯度随 θ '
        '不断增大（损失在不断加速），而 WGAN 梯度始终恰好为 1。',
    # pages/critic.py:290
    "These settings and the papers'":
        '这里的设置与论文中的设置',
    # pages/critic.py:218, pages/live_training.py:170
    'These settings cannot be trained: {why}':
        '这些设置无法训练：{why}',
    # pages/critic.py:244
    'This critic opens only {pct} % of the gap that the best 1-Lipschitz critic would open. A '
    'critic is trained, not solved, and weight clipping leaves the network few shapes to choose '
    "from (the WGAN-GP paper's complaint). Try another seed, more steps or the gradient penalty.":
        '这个评论家只拉开了最优 1-Lipschitz 评论家所能拉开差距的 {pct} %。评论家是训练出来的，'
        '而不是解出来的；权重裁剪又让网络可选的函数形状很少（这正是 WGAN-GP 论文的批评）。'
        '试试换一个随机种子、增加步数，或者改用梯度惩罚。',
    # pages/critic.py:250
    'This critic opens only {pct} % of the gap that the best 1-Lipschitz critic would open. A '
    'critic is trained, not solved: it is stuck in a local optimum. Try another seed or weight '
    'clipping.':
        '这个评论家只拉开了最优 1-Lipschitz 评论家所能拉开差距的 {pct} %。评论家是训练出来的，'
        '而不是解出来的：它卡在了一个局部最优解里。试试换一个随机种子，或者改用权重裁剪。',
    # pages/generator_gradient.py:239
    'Too few steps: D_k is a poor discriminator (the JS it implies is far below the truth) and '
    'its gradient is inaccurate. Too many: on disjoint supports D_k becomes a confident 0/1 step '
    'and the minimax gradient falls by orders of magnitude, toward the exact 0 of D*, while the '
    '−log D gradient grows. With overlapping Gaussians the gradient instead settles at its D* '
    'value.':
        '步数太少：D_k 是个差劲的判别器（它隐含的 JS 散度远低于真实值），梯度也不准确。步数太多：'
        '在不相交的支撑集上，D_k 变成一个笃定的 0/1 阶跃，极小极大梯度下降好几个数量级，趋向 D* '
        '下的精确值 0，而 −log D 梯度则不断增大。对于重叠的高斯分布，梯度则会稳定在它在 D* 下的值。',
    # pages/critic.py:177
    'Train the critic':
        '训练评论家',
    # pages/critic.py:345
    'Training one critic per offset ({n} offsets)…':
        '正在为每个偏移量训练一个评论家（共 {n} 个偏移量）……',
    # pages/critic.py:313
    'Training the clipped critic…':
        '正在训练权重裁剪的评论家……',
    # pages/critic.py:216
    'Training the critic…':
        '正在训练评论家……',
    # pages/generator_gradient.py:221
    'Training the discriminator (about a second, once per setup)…':
        '正在训练判别器（约一秒，每种设置只需训练一次）……',
    # pages/critic.py:315
    'Training the gradient-penalty critic…':
        '正在训练梯度惩罚的评论家……',
    # pages/generator_gradient.py:238
    'Training took {s} s on the CPU (cached afterwards).':
        '在 CPU 上训练用时 {s} 秒（之后会缓存）。',
    # pages/critic.py:318
    'Training with c = {c}…':
        '正在以 c = {c} 训练……',
    # pages/critic.py:115, pages/live_training.py:42
    'Two moons':
        '双月形',
    # pages/generator_gradient.py:34
    'Uniforms: P = U[0, 1], Q_θ = U[θ, θ + 1] (disjoint for θ ≥ 1)':
        '均匀分布：P = U[0, 1]，Q_θ = U[θ, θ + 1]（θ ≥ 1 时不相交）',
    # pages/generator_gradient.py:179
    'V(G, D*)':
        '价值函数 V(G, D*)',
    # app/figures_gradients.py:56
    'WGAN  −E[f*] (unitless)':
        'WGAN  −E[f*]（无量纲）',
    # pages/generator_gradient.py:173
    'WGAN gradient (unitless)':
        'WGAN 梯度（无量纲）',
    # pages/critic.py:259
    'Weight clipping: estimate ÷ K = {r} units against W1 = {w} units ({pct} %). Every parameter '
    'stayed within ±{c} (largest |w| seen: {m}).':
        '权重裁剪：估计值 ÷ K = {r} 单位，W1 = {w} 单位（{pct} %）。每个参数都保持在 ±{c} '
        '之内（观察到的最大 |w|：{m}）。',
    # pages/critic.py:203
    'Where do P and Q live?':
        'P 和 Q 在哪里？',
    # app/figures_critic.py:195
    "Where the critic's parameters end up":
        '评论家的参数最终落在哪里',
    # pages/critic.py:359
    "Where the supports are disjoint, JS sits at ln 2 whatever θ is, but the critic's estimate "
    'keeps growing with W1, so a generator trained against it always knows which way to move. '
    'Clipping buys that with a K you do not control: look how many weights sit exactly at ±c.':
        '在支撑集不相交的地方，无论 θ 是多少，JS 散度都停在 ln 2；而评论家的估计值随 W1 不断增长，'
        '所以以它为对手训练的生成器总是知道该往哪个方向移动。权重裁剪换来这一点的代价，'
        '是一个你无法控制的 K：看看有多少权重恰好停在 ±c 上。',
    # pages/critic.py:136
    'Width σ (or full width) of both (units)':
        '两者的宽度：σ 或全宽（单位）',
    # pages/generator_gradient.py:257
    'Width σ of each data mode (units)':
        '每个数据模式的宽度 σ（单位）',
    # pages/generator_gradient.py:126
    "With $D^*$ held fixed the last two terms do not move with the generator, so the generator's "
    'gradient is the gradient of KL − 2·JS (Arjovsky & Bottou 2017, Theorem 2.5). This is an '
    "identity between **gradients**, not between losses: the seed's “C(G) = KL − 2JS” (after "
    'dropping the terms that do not depend on G) should be read that way; the value of the GAN '
    'loss at $D^*$ is still $-\\log 4 + 2\\,D_{JS}$.':
        '固定 $D^*$ 时，最后两项不随生成器变化，所以生成器的梯度就是 KL − 2·JS 的梯度（Arjovsky & '
        'Bottou 2017，定理 2.5）。这是**梯度**之间的恒等式，而不是损失之间的：讲义中的“C(G) = KL '
        '− 2JS”（去掉不依赖 G 的项之后）应当这样理解；GAN 损失在 $D^*$ 处的值仍然是 $-\\log 4 + '
        '2\\,D_{JS}$。',
    # pages/generator_gradient.py:122
    'and, since $\\mathbb{E}_{p_G}[\\log(1-D^*)] = -\\log 4 + 2\\,D_{JS} - \\mathbb{E}_{p_{data}}[\\log '
    'D^*]$,':
        '又因为 $\\mathbb{E}_{p_G}[\\log(1-D^*)] = -\\log 4 + 2\\,D_{JS} - \\mathbb{E}_{p_{data}}[\\log '
        'D^*]$，可得：',
    # pages/critic.py:316
    'clip c = {c}':
        '裁剪 c = {c}',
    # app/figures_critic.py:192
    'clipped critic':
        '权重裁剪的评论家',
    # pages/critic.py:331
    'critic':
        '评论家',
    # app/figures_critic.py:144
    'critic estimate ÷ K (units)':
        '评论家估计值 ÷ K（单位）',
    # app/figures_critic.py:113
    'critic step':
        '评论家训练步',
    # app/figures_critic.py:75
    'critic value ÷ K (units)':
        '评论家取值 ÷ K（单位）',
    # pages/generator_gradient.py:174
    'd/dθ (−E_Q[f*]) with the exact optimal critic f* (slope ±1); ':
        'd/dθ (−E_Q[f*])，使用精确的最优评论家 f*（斜率 ±1）；',
    # pages/generator_gradient.py:169
    'd/dθ E_Q[log(1 − D*)]; ':
        'd/dθ E_Q[log(1 − D*)]；',
    # pages/generator_gradient.py:171
    "d/dθ E_Q[−log D*]; undefined when the loss is +∞ (D* = 0 under Q's samples); ":
        'd/dθ E_Q[−log D*]；当损失为 +∞（Q 的样本处 D* = 0）时未定义；',
    # pages/critic.py:172
    'default (5e-3 clip, 2e-3 GP)':
        '默认（裁剪 5e-3，GP 2e-3）',
    # app/figures_critic.py:56
    'density of {n}':
        '{n} 的密度',
    # app/figures_gradients.py:255, app/figures_gradients.py:276
    'discriminator steps k (log scale)':
        '判别器训练步数 k（对数刻度）',
    # app/figures_critic.py:113
    'estimate (units × K)':
        '估计值（单位 × K）',
    # pages/critic.py:332
    'estimate ÷ K (units)':
        '估计值 ÷ K（单位）',
    # app/figures_gradients.py:269
    'exact JS = {v} nats':
        '精确 JS = {v} 奈特',
    # app/figures_critic.py:176, app/figures_critic.py:142
    'exact W1 (units)':
        '精确 W1（单位）',
    # pages/generator_gradient.py:166
    'exact on the grid with D* held fixed: E_Q[φ′(x)], five-point slope':
        '固定 D*，在网格上精确计算：E_Q[φ′(x)]，五点差分斜率',
    # app/figures_critic.py:70
    'exact optimal critic f*':
        '精确的最优评论家 f*',
    # pages/generator_gradient.py:178
    'exact, from the cell masses; ln 2 ≈ 0.6931 is its ceiling':
        '精确值，由各格的质量算出；ln 2 ≈ 0.6931 是它的上限',
    # app/figures_critic.py:88
    'f (units × K)':
        'f（单位 × K）',
    # app/figures_critic.py:110
    'final estimate {v}':
        '最终估计值 {v}',
    # app/figures_critic.py:221
    'gradient norm (log scale)':
        '梯度范数（对数刻度）',
    # pages/critic.py:122
    'gradient penalty (WGAN-GP, Adam)':
        '梯度惩罚（WGAN-GP，Adam）',
    # pages/critic.py:319
    'gradient penalty λ = {lam}':
        '梯度惩罚 λ = {lam}',
    # app/figures_critic.py:187
    'gradient penalty, λ = {lam}':
        '梯度惩罚，λ = {lam}',
    # app/figures_critic.py:194
    'gradient-penalty critic':
        '梯度惩罚的评论家',
    # pages/critic.py:205
    'in the plane (2D)':
        '在平面上（二维）',
    # app/figures_critic.py:221
    'layer (1 = input layer)':
        '层（1 = 输入层）',
    # app/figures_critic.py:72
    'learned critic f / K':
        '学到的评论家 f / K',
    # app/figures_critic.py:171
    'line: slope {k}':
        '直线：斜率 {k}',
    # pages/critic.py:331
    'measured K':
        '测得的 K',
    # app/figures_gradients.py:54
    'minimax  E[log(1 − D*)]':
        '极小极大  E[log(1 − D*)]',
    # pages/generator_gradient.py:168
    'minimax gradient (nats/unit)':
        '极小极大梯度（奈特/单位）',
    # pages/generator_gradient.py:225
    'minimax gradient, D_k (nats/unit)':
        '极小极大梯度，D_k（奈特/单位）',
    # app/figures_gradients.py:244
    'minimax with D*: exactly 0':
        '极小极大，使用 D*：恰为 0',
    # pages/critic.py:110, pages/js_saturates.py:44
    'mixture of two Gaussians':
        '两个高斯分布的混合',
    # app/figures_gradients.py:55
    'non-saturating  E[−log D*]':
        '非饱和  E[−log D*]',
    # app/figures_critic.py:196
    'number of parameters':
        '参数个数',
    # app/figures_gradients.py:167
    'offset θ of the generator (units)':
        '生成器的偏移 θ（单位）',
    # pages/critic.py:204
    'on a line (1D)':
        '在直线上（一维）',
    # app/figures_critic.py:107
    'on the training batch':
        '在训练批次上',
    # app/figures_critic.py:162
    'one critic':
        '单个评论家',
    # app/figures_gradients.py:296
    'p_G (right axis)':
        'p_G（右轴）',
    # pages/generator_gradient.py:280
    'p_G > 0 where p_data → 0:<br>penalty → +∞ as σ → 0':
        'p_data → 0 处 p_G > 0：<br>σ → 0 时惩罚 → +∞',
    # pages/generator_gradient.py:276
    'p_G → 0 where p_data > 0:<br>penalty → 0':
        'p_data > 0 处 p_G → 0：<br>惩罚 → 0',
    # app/figures_gradients.py:291
    'p_G·ln(p_G/p_data) (left axis)':
        'p_G·ln(p_G/p_data)（左轴）',
    # app/figures_gradients.py:294
    'p_data (right axis)':
        'p_data（右轴）',
    # app/figures_critic.py:195, app/figures_critic.py:197
    'parameter value':
        '参数值',
    # pages/critic.py:334
    'parameters at ±c':
        '位于 ±c 的参数',
    # pages/critic.py:109, pages/js_saturates.py:43
    'point mass':
        '点质量',
    # app/figures_gradients.py:230
    'pushes Q away from P':
        '把 Q 推离 P',
    # app/figures_critic.py:176
    'raw estimate (units × K)':
        '原始估计值（单位 × K）',
    # pages/generator_gradient.py:182
    "the seed's C(G): equal to V(G, D*), as the theory says":
        '讲义中的 C(G)：与理论一致，等于 V(G, D*)',
    # pages/critic.py:109, pages/js_saturates.py:43
    'uniform':
        '均匀分布',
    # app/figures_critic.py:154
    'units (W1, estimate ÷ K) · nats (JS)':
        '单位（W1、估计值 ÷ K）· 奈特（JS）',
    # pages/critic.py:121
    'weight clipping (WGAN, RMSProp)':
        '权重裁剪（WGAN，RMSProp）',
    # app/figures_critic.py:187
    'weight clipping, c = {c}':
        '权重裁剪，c = {c}',
    # app/figures_gradients.py:237
    'with D*: {v}':
        '使用 D* 时：{v}',
    # app/figures_gradients.py:224
    '{loss} with D_k':
        '{loss}，使用 D_k',
    # app/figures_gradients.py:142
    '{loss}: gradient = 0':
        '{loss}：梯度 = 0',
    # app/figures_gradients.py:149
    '{loss}: undefined (loss = +∞)':
        '{loss}：未定义（损失 = +∞）',
    # pages/critic.py:211
    '{n} steps of this network would take about {s} s on this server; training {m} steps instead. '
    'Use a smaller network or batch for more steps.':
        '在本服务器上，这个网络训练 {n} 步大约需要 {s} 秒；因此改为训练 {m} 步。想要更多步数，'
        '请使用更小的网络或批大小。',
    # pages/critic.py:287
    '{n} steps, batch {b}, {w}×{d} ReLU network, learning rate {lr}, seed {s}.':
        '{n} 步，批大小 {b}，{w}×{d} 的 ReLU 网络，学习率 {lr}，随机种子 {s}。',
    # pages/critic.py:323
    "{share} % of the clipped critic's parameters sit at ±c = ±{c}.":
        '权重裁剪的评论家有 {share} % 的参数停在 ±c = ±{c} 上。',
    # pages/critic.py:291
    '| | here (default) | paper |\n|---|---|---|\n| critic | 3 hidden layers of 32 ReLU | 3 × 512 '
    '(WGAN-GP toy code) |\n| clip c | 0.1 | 0.01 (WGAN) |\n| RMSProp learning rate | 5e-3 | 5e-5 '
    '(WGAN) |\n| penalty λ, optimiser | 10, Adam 2e-3, β = (0.5, 0.9) | 10, Adam 1e-4, β = (0.5, '
    '0.9) (WGAN-GP) |\n| batch, steps | 256, 300 | 64, thousands |\n\nWhy: a run here must finish in '
    "about a second on a small CPU. A clipped layer's gain grows like c × width, so a critic 16 "
    'times narrower needs a larger c; a larger learning rate brings the weights to ±c in tens of '
    'steps instead of thousands. Inputs are rescaled to [−1, 1] first, as images are for WGAN, '
    'and the last layer starts at zero so that every critic starts flat.':
        '| | 这里（默认） | 论文 |\n|---|---|---|\n| 评论家 | 3 个隐藏层，每层 32 个 ReLU | 3 × '
        '512（WGAN-GP 的玩具示例代码） |\n| 裁剪值 c | 0.1 | 0.01（WGAN） |\n| RMSProp 学习率 | '
        '5e-3 | 5e-5（WGAN） |\n| 惩罚权重 λ、优化器 | 10，Adam 2e-3，β = (0.5, 0.9) | 10，Adam '
        '1e-4，β = (0.5, 0.9)（WGAN-GP） |\n| 批大小、步数 | 256、300 | 64、数千 |\n\n原因：'
        '这里的每次运行都必须在一台小型 CPU 上约一秒内完成。被裁剪的层的增益大约随 c × 宽度增长，'
        '所以窄 16 倍的评论家需要更大的 c；更大的学习率让权重在几十步内（而不是几千步）就到达 ±c。'
        '和 WGAN 处理图像时一样，输入先被缩放到 [−1, 1]；最后一层初始化为零，'
        '这样每个评论家开始时都是平的。',
    # app/figures_gradients.py:168, app/figures_gradients.py:256
    '|dL/dθ| (nats/unit), log scale':
        '|dL/dθ|（奈特/单位），对数刻度',
    # pages/generator_gradient.py:260
    "Σ p_G ln(p_G/p_data) over the grid's cells (exact cell masses)":
        'Σ p_G ln(p_G/p_data)，对网格的所有格子求和（精确的格质量）',
    # app/figures_gradients.py:144
    'θ = %{x}: gradient = 0 exactly':
        'θ = %{x}：梯度恰为 0',
    # app/figures_gradients.py:152
    "θ = %{x}: the loss is +∞ (D* = 0 under Q's samples), its gradient undefined":
        'θ = %{x}：损失为 +∞（Q 的样本处 D* = 0），梯度未定义',
    # pages/critic.py:138
    'σ of a Gaussian, full width of a uniform, σ of each mode of the mixture (modes 4 units '
    'apart).':
        '高斯分布取 σ，均匀分布取全宽，混合分布取每个模式的 σ（两个模式相距 4 个单位）。',
    # pages/generator_gradient.py:181
    '−log 4 + 2·JS':
        '理论值 −log 4 + 2·JS',
    # pages/generator_gradient.py:170
    '−log D gradient (nats/unit)':
        '−log D 梯度（奈特/单位）',
    # pages/generator_gradient.py:228
    '−log D gradient, D_k (nats/unit)':
        '−log D 梯度，D_k（奈特/单位）',
    # pages/generator_gradient.py:265
    '−log D loss, dropped (nats)':
        '−log D 损失，丢掉模式（奈特）',
    # pages/generator_gradient.py:266
    '−log D loss, fakes (nats)':
        '−log D 损失，生成假样本（奈特）',
    # app/figures_gradients.py:246
    '−log D with D*: undefined (loss = +∞)':
        '−log D，使用 D*：未定义（损失 = +∞）',
    # ---- your own data on page 4 (issue 8)
    'The critic uses a random {k} of your {n} points (seed 0): the cap for {d}-D data on this page.':
        '评论家使用从你的 {n} 个点中随机抽取的 {k} 个（随机种子 0）：这是本页对 {d} 维数据的上限。',
    'With your data the critic trains on batches drawn from your points with replacement (seeded); E f over your points is the mean of f over all of them, and the exact W1 is between your points and the other distribution (sorted samples in 1D, POT in 2D).':
        '使用你的数据时，评论家在从你的点中有放回抽取的批次上训练（固定随机种子）；你的点上的 E f 是 f 在全部这些点上的平均值，精确的 W1 是你的点与另一个分布之间的距离（一维用排序后的样本，二维用 POT）。',
    "With your samples, JS is that of 40-bin histograms over the sweep's range (two sets of samples never share a point, so their exact JS is always ln 2).":
        '使用你的样本时，JS 散度是在扫描范围上 40 格直方图之间的值（两组样本从不共享同一个点，所以它们精确的 JS 散度永远是 ln 2）。',
    'Your own Q is used where it is; the sweep below moves it.':
        '你自己的 Q 保持原位使用；下面的扫描会移动它。',
    'histogram of your {n}':
        '你的 {n} 的直方图',
    'θ moves your own Q from where it is (θ = 0) along x.':
        'θ 把你自己的 Q 从原位（θ = 0）沿 x 方向移动。',
    '**P and Q on a line.** Your data replaces the family it stands for; your own Q stays where it is.':
        '**直线上的 P 和 Q。** 你的数据替换它所对应的分布族；你自己的 Q 保持原位。',
    '**P and Q in the plane.** Your points replace the data set they stand for; your own Q stays where it is.':
        '**平面上的 P 和 Q。** 你的点替换它们所对应的数据集；你自己的 Q 保持原位。',
}
