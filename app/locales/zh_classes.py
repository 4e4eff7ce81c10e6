"""简体中文: class sessions (app/classroom.py): teach a class, join, tally, reveal, follow."""

STRINGS: dict[str, str] = {
    "**{n}** of **{m}** connected students have committed a guess.":
        "在线的 **{m}** 名学生中，已有 **{n}** 名提交了猜测。",
    "Class": "课堂",
    "Class {code}": "课堂 {code}",
    "Committed. The answer appears when your teacher reveals it to the class.":
        "已提交。老师向全班公布答案后，答案才会出现。",
    "End the class": "结束课堂",
    "End the class and delete its data": "结束课堂并删除其数据",
    "Ending the class deletes its answers and everything else about it. Students keep working "
    "alone.":
        "结束课堂会删除它的所有作答和其他一切数据。学生可以继续独自使用。",
    "Explore alone": "独自探索",
    "Follow the teacher again": "重新跟随老师",
    "It gives teacher powers over this class on another device or browser. Keep it to yourself.":
        "它可以在另一台设备或浏览器上获得这个课堂的老师权限。请勿外传。",
    "Join": "加入",
    "Join a class": "加入课堂",
    "Join the class": "加入课堂",
    "Leave the class": "离开课堂",
    "No class with this code: it may have ended, or a letter is wrong.":
        "没有这个代码的课堂：课堂可能已经结束，或者有字母输错了。",
    "Open the class screen": "打开课堂页面",
    "Page": "页面",
    "QR code of the join link": "加入链接的二维码",
    "Reveal to the class": "向全班公布答案",
    "Revealed to the class. Answer: {a}": "已向全班公布。答案：{a}",
    "Scan the QR code, or open {link}, or type the code under “Join a class” in the sidebar.":
        "扫描二维码，或打开 {link} ，或在侧边栏的“加入课堂”中输入代码。",
    "Start a class": "开始上课",
    "Start a class and project this page: students join by scanning the QR code or typing the "
    "code, with no account and no name. On every predict-then-reveal question you see how many "
    "have committed and what they chose; you reveal the answer to everyone at once; and their "
    "screens follow your page and settings.":
        "开始一堂课并投影这个页面：学生扫描二维码或输入代码即可加入，无需账号，也无需姓名。"
        "每道“先预测、再揭晓”的题目，你都能看到有多少人已提交、各自选了什么；你可以一次向所有人"
        "公布答案；学生的屏幕会跟随你的页面和设置。",
    "Start a class: students join with a code or a QR code, their predictions are tallied live, "
    "and their screens follow yours.":
        "开始上课：学生用代码或二维码加入，他们的预测会实时统计，他们的屏幕会跟随你的屏幕。",
    "Students": "学生",
    "Students connected": "在线学生",
    "Students: use “Join a class” in the sidebar, or open the link your teacher shows.":
        "学生：请使用侧边栏的“加入课堂”，或打开老师展示的链接。",
    "Teach a class": "开始上课",
    "The class has ended. Everything works as before, on your own.":
        "课堂已结束。一切照常，你可以独自继续使用。",
    "The class server cannot be reached right now, so no class can start. Try again in a moment.":
        "暂时无法连接课堂服务器，所以无法开始上课。请稍后再试。",
    "The class server cannot be reached right now: open the teacher link again in a moment.":
        "暂时无法连接课堂服务器：请稍后重新打开老师链接。",
    "The class server cannot be reached right now: you are working alone. Try again in a moment.":
        "暂时无法连接课堂服务器：你正在独自使用。请稍后再试。",
    "The class server cannot be reached: no tally for now.": "无法连接课堂服务器：暂时没有统计结果。",
    "The class server cannot be reached: students work alone until it is back.":
        "无法连接课堂服务器：在恢复之前，学生各自独立使用。",
    "The class server cannot be reached: try again in a moment.": "无法连接课堂服务器：请稍后再试。",
    "The class server cannot be reached: you are working alone. Your guesses are kept and sent "
    "when it is back.":
        "无法连接课堂服务器：你正在独自使用。你的猜测会被保留，恢复连接后再发送。",
    "This teacher link is not valid (the class may have ended).":
        "这个老师链接无效（课堂可能已经结束）。",
    "Too many wrong codes: try again in {s} s.": "错误代码输入次数过多：请在 {s} 秒后再试。",
    "What the class predicted": "全班的预测",
    "You are exploring alone.": "你正在独自探索。",
    "You are in class {code}.": "你在课堂 {code} 中。",
    "You are in this class. Your screen follows the teacher's page and settings; the sidebar lets "
    "you explore alone and come back.":
        "你在这个课堂中。你的屏幕会跟随老师的页面和设置；在侧边栏可以独自探索，也可以随时回来。",
    "You are teaching class {code}.": "你正在给课堂 {code} 上课。",
    "You joined class {code}.": "你已加入课堂 {code}。",
    "Your private teacher link (do not project it)": "你的私人老师链接（请勿投影）",
    "Your screen follows the teacher's page and settings.": "你的屏幕跟随老师的页面和设置。",
    "students (count)": "学生（人数）",
}
