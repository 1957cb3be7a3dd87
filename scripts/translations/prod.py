"""Translations of issue 6 (production readiness): privacy notice, consent, /privacy, /mydata, /forget.

Applied with: python scripts/fill_translations.py scripts/translations/prod.py
"""

NOTICE = (
    "🔒 <b>Personal data</b>\n\n"
    "Some services of this bot (an appeal to the public reception, booking a legal consultation, "
    "subscriptions) need your personal data: your name, phone number and the text of your request. The "
    "Kyzylorda regional branch of the AMANAT party processes them under the Law of the Republic of "
    "Kazakhstan «On personal data and their protection» only to handle your request and to contact you "
    "about it.\n\n"
    "• Only the branch's staff and lawyers who work on your request see them. They are passed on only to a "
    "state body your appeal is forwarded to, if it is.\n"
    "• {period} after your request is closed, the data is anonymised.\n"
    "• /privacy shows this notice and lets you withdraw your consent; /mydata sends you everything the bot "
    "keeps about you; /forget erases it.\n\n"
    "Questions to the bot and the menus work without any personal data."
)

FORGET = (
    "🗑 <b>Erase your personal data?</b>\n\n"
    "The bot will delete everything it keeps about you: your name and language, your consent, "
    "unfinished forms, and the names, phone numbers and texts in your appeals, consultation bookings "
    "and subscriptions. Only anonymous counts stay in the statistics. This cannot be undone.\n\n"
    "Messages in this chat stay in Telegram: you can delete the chat in your app."
)

STAFF_ONE = (
    "⚠️ A citizen has erased their personal data (/forget) while {n} of their appeals was still open. "
    "Their personal data has been removed from it; please review the appeal."
)
STAFF_MANY = (
    "⚠️ A citizen has erased their personal data (/forget) while {n} of their appeals were still open. "
    "Their personal data has been removed from them; please review these appeals."
)

T = {
    # commands menu
    "Personal data: notice and consent": (
        "Дербес деректер: хабарлама және келісім",
        "Персональные данные: уведомление и согласие",
    ),
    "Get everything the bot keeps about me": (
        "Бот мен туралы сақтайтын деректерді алу",
        "Получить всё, что бот хранит обо мне",
    ),
    "Erase my personal data": (
        "Дербес деректерімді өшіру",
        "Удалить мои персональные данные",
    ),
    # the notice
    NOTICE: (
        "🔒 <b>Дербес деректер</b>\n\n"
        "Боттың кейбір қызметтеріне (қоғамдық қабылдауға өтініш жолдау, заңгер кеңесіне жазылу, жазылымдар) "
        "сіздің дербес деректеріңіз қажет: атыңыз, телефон нөміріңіз және өтінішіңіздің мәтіні. «AMANAT» "
        "партиясы Қызылорда облыстық филиалы оларды «Дербес деректер және оларды қорғау туралы» Қазақстан "
        "Республикасының Заңына сәйкес тек өтінішіңізді қарау және сізбен байланысу үшін өңдейді.\n\n"
        "• Оларды тек сіздің өтінішіңізбен жұмыс істейтін филиал қызметкерлері мен заңгерлер ғана көреді. "
        "Олар тек өтінішіңіз жолданған мемлекеттік органға ғана беріледі (егер ол жолданса).\n"
        "• Өтінішіңіз жабылғаннан {period} өткен соң деректер иесіздендіріледі.\n"
        "• /privacy — осы хабарламаны көрсетеді және келісіміңізді кері қайтаруға мүмкіндік береді; /mydata — бот "
        "сіз туралы сақтайтын барлық деректерді жібереді; /forget — оларды өшіреді.\n\n"
        "Ботқа сұрақ қою мен мәзірлер ешқандай дербес деректерсіз жұмыс істейді.",
        "🔒 <b>Персональные данные</b>\n\n"
        "Некоторым функциям бота (обращение в общественную приёмную, запись на юридическую консультацию, "
        "подписки) нужны ваши персональные данные: имя, номер телефона и текст обращения. Кызылординский "
        "областной филиал партии «AMANAT» обрабатывает их в соответствии с Законом Республики Казахстан "
        "«О персональных данных и их защите» только для того, чтобы рассмотреть ваше обращение и связаться "
        "с вами.\n\n"
        "• Их видят только те сотрудники филиала и юристы, которые работают с вашим обращением. Передаются они "
        "только в государственный орган, куда направлено ваше обращение, если оно туда направлено.\n"
        "• Через {period} после закрытия обращения данные обезличиваются.\n"
        "• /privacy покажет это уведомление и позволит отозвать согласие; /mydata пришлёт всё, что бот о вас "
        "хранит; /forget удалит это.\n\n"
        "Вопросы боту и меню работают без всяких персональных данных.",
    ),
    ("{n} day", "{n} days"): (
        ("{n} күн", "{n} күн"),
        ("{n} день", "{n} дня", "{n} дней"),
    ),
    # consent
    "✅ I agree": ("✅ Келісемін", "✅ Даю согласие"),
    "❌ Decline": ("❌ Бас тарту", "❌ Отказаться"),
    "Consent recorded": ("Келісім тіркелді", "Согласие записано"),
    "✅ Thank you! Your consent is recorded.": (
        "✅ Рақмет! Келісіміңіз тіркелді.",
        "✅ Спасибо! Ваше согласие записано.",
    ),
    "Understood: without your consent the bot does not take personal data, so this service is not "
    "available. Questions and menus still work; /privacy shows the notice again.": (
        "Түсінікті: келісіміңізсіз бот дербес деректерді қабылдамайды, сондықтан бұл қызмет қолжетімсіз. "
        "Сұрақтар мен мәзірлер бұрынғыдай жұмыс істейді; хабарламаны /privacy пәрмені қайта көрсетеді.",
        "Понятно: без вашего согласия бот не принимает персональные данные, поэтому эта услуга недоступна. "
        "Вопросы и меню работают как прежде; /privacy снова покажет уведомление.",
    ),
    "Please answer with one of the buttons below.": (
        "Төмендегі батырмалардың бірін басып жауап беріңіз.",
        "Пожалуйста, ответьте одной из кнопок ниже.",
    ),
    "The privacy notice has changed. Please read the new version.": (
        "Дербес деректер туралы хабарлама өзгерді. Жаңа нұсқасын оқып шығыңыз.",
        "Уведомление о персональных данных изменилось. Пожалуйста, прочитайте новую версию.",
    ),
    # /privacy
    "You have not given your consent yet. The bot asks for it before it asks for any personal data.": (
        "Сіз әлі келісім берген жоқсыз. Бот кез келген дербес деректі сұрамас бұрын келісіміңізді сұрайды.",
        "Вы ещё не давали согласия. Бот спросит его, прежде чем запрашивать какие-либо персональные данные.",
    ),
    "✅ You agreed to this notice on {date}.": (
        "✅ Келісім берілген күн: {date}.",
        "✅ Согласие с этим уведомлением дано {date}",
    ),
    "📦 My data": ("📦 Менің деректерім", "📦 Мои данные"),
    "🗑 Erase my data": ("🗑 Деректерімді өшіру", "🗑 Удалить мои данные"),
    "↩️ Withdraw consent": ("↩️ Келісімді кері қайтару", "↩️ Отозвать согласие"),
    "Your consent is withdrawn. The bot will ask for it again before it takes any personal data. To erase "
    "what it already keeps, use /forget.": (
        "Келісіміңіз кері қайтарылды. Бот дербес деректерді алмас бұрын келісіміңізді қайта сұрайды. "
        "Сақталған деректерді өшіру үшін /forget пәрменін пайдаланыңыз.",
        "Согласие отозвано. Бот снова спросит его, прежде чем принимать персональные данные. Чтобы удалить "
        "уже сохранённое, используйте /forget.",
    ),
    # /mydata
    "📦 Everything the bot keeps about you, as a JSON file. Keep it to yourself: it contains your "
    "personal data.": (
        "📦 Бот сіз туралы сақтайтын барлық деректер, JSON файлы түрінде. Оны басқаларға жібермеңіз: онда "
        "сіздің дербес деректеріңіз бар.",
        "📦 Всё, что бот хранит о вас, в виде файла JSON. Не пересылайте его другим: в нём ваши "
        "персональные данные.",
    ),
    "For your privacy, this command works only in a private chat with the bot.": (
        "Дербес деректеріңізді қорғау үшін бұл пәрмен тек ботпен жеке чатта жұмыс істейді.",
        "Ради сохранности ваших данных эта команда работает только в личном чате с ботом.",
    ),
    # /forget
    FORGET: (
        "🗑 <b>Дербес деректеріңізді өшіресіз бе?</b>\n\n"
        "Бот сіз туралы сақтайтын барлық деректерді жояды: атыңыз бен тіліңізді, келісіміңізді, толтырылмай "
        "қалған формаларды, сондай-ақ өтініштеріңіздегі, консультацияға жазылуларыңыздағы және "
        "жазылымдарыңыздағы аты-жөнді, телефон нөмірлерін және мәтіндерді. Статистикада тек "
        "иесіздендірілген сандар ғана қалады. Бұл әрекетті кері қайтару мүмкін емес.\n\n"
        "Осы чаттағы хабарламалар Telegram-да қалады: чатты қолданбаның өзінде өшіре аласыз.",
        "🗑 <b>Удалить ваши персональные данные?</b>\n\n"
        "Бот удалит всё, что о вас хранит: имя и язык, согласие, незаконченные формы, а также имена, номера "
        "телефонов и тексты в ваших обращениях, записях на консультацию и подписках. В статистике останутся "
        "только обезличенные числа. Это действие нельзя отменить.\n\n"
        "Сообщения в этом чате останутся в Telegram: чат можно удалить в приложении.",
    ),
    "🗑 Yes, erase": ("🗑 Иә, өшірілсін", "🗑 Да, удалить"),
    "↩️ No, keep": ("↩️ Жоқ, қалсын", "↩️ Нет, оставить"),
    "This confirmation is out of date. Send /forget again.": (
        "Бұл растау ескірген. /forget пәрменін қайта жіберіңіз.",
        "Это подтверждение устарело. Отправьте /forget ещё раз.",
    ),
    "Nothing was erased.": ("Ештеңе өшірілген жоқ.", "Ничего не удалено."),
    "✅ Done: your personal data has been erased. If you write to the bot again, it starts afresh, as with "
    "a new visitor.": (
        "✅ Дайын: дербес деректеріңіз өшірілді. Ботқа қайта жазсаңыз, ол сізді жаңа келуші ретінде қарсы "
        "алады.",
        "✅ Готово: ваши персональные данные удалены. Если вы снова напишете боту, он начнёт с чистого листа, "
        "как с новым посетителем.",
    ),
    # staff chat
    (STAFF_ONE, STAFF_MANY): (
        (
            "⚠️ Азамат {n} өтініші әлі ашық тұрғанда өзінің дербес деректерін өшірді (/forget). Өтініштен оның "
            "дербес деректері алынып тасталды; өтінішті қарап шығыңыз.",
            "⚠️ Азамат {n} өтініші әлі ашық тұрғанда өзінің дербес деректерін өшірді (/forget). Өтініштерден "
            "оның дербес деректері алынып тасталды; бұл өтініштерді қарап шығыңыз.",
        ),
        (
            "⚠️ Гражданин удалил свои персональные данные (/forget), когда у него было {n} открытое обращение. "
            "Его персональные данные из обращения удалены; пожалуйста, проверьте это обращение.",
            "⚠️ Гражданин удалил свои персональные данные (/forget), когда у него было {n} открытых обращения. "
            "Его персональные данные из них удалены; пожалуйста, проверьте эти обращения.",
            "⚠️ Гражданин удалил свои персональные данные (/forget), когда у него было {n} открытых обращений. "
            "Его персональные данные из них удалены; пожалуйста, проверьте эти обращения.",
        ),
    ),
    "Appeals: {numbers}": ("Өтініштер: {numbers}", "Обращения: {numbers}"),
}
