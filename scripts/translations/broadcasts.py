"""Kazakh and Russian for the subscriptions, broadcasts, staff roles and statistics (issue 5).

Applied with: python scripts/fill_translations.py scripts/translations/broadcasts.py
"""

T = {
    # commands menu
    "Subscribe to the branch's news": ("Филиал жаңалықтарына жазылу", "Подписаться на новости филиала"),
    "Unsubscribe from the news": ("Жаңалықтарға жазылымды тоқтату", "Отписаться от новостей"),
    # citizens: subscription
    "🔔 Subscribe to news": ("🔔 Жаңалықтарға жазылу", "🔔 Подписаться на новости"),
    "🌍 The whole region": ("🌍 Бүкіл облыс", "🌍 Вся область"),
    "🔕 Unsubscribe": ("🔕 Жазылымды тоқтату", "🔕 Отписаться"),
    "the whole region": ("бүкіл облыс", "вся область"),
    "Your district: <b>{district}</b>.": ("Сіздің ауданыңыз: <b>{district}</b>.", "Ваш район: <b>{district}</b>."),
    "If you like, choose your district below: you will also get its local news.": (
        "Қаласаңыз, төменнен ауданыңызды таңдаңыз: сонда оның жергілікті жаңалықтарын да аласыз.",
        "При желании выберите ниже свой район: вы будете получать и его местные новости.",
    ),
    "News comes in the language you use the bot in (/language changes it). We keep only your Telegram id and "
    "the district you choose, only to send you the news; /unsubscribe stops them and deletes this.": (
        "Жаңалықтар ботты қай тілде қолдансаңыз, сол тілде келеді (тілді /language арқылы ауыстыруға болады). "
        "Біз тек Telegram идентификаторыңыз бен таңдаған ауданыңызды сақтаймыз, және тек жаңалық жіберу үшін; "
        "/unsubscribe жіберуді тоқтатып, бұл деректерді өшіреді.",
        "Новости приходят на том языке, на котором вы пользуетесь ботом (сменить язык: /language). Мы храним "
        "только ваш Telegram id и выбранный район — лишь для отправки новостей; /unsubscribe прекращает рассылку "
        "и удаляет эти данные.",
    ),
    "🔔 You are subscribed to the news of the AMANAT Kyzylorda branch: receptions, results and events.": (
        "🔔 Сіз «AMANAT» партиясы Қызылорда облыстық филиалының жаңалықтарына жазылдыңыз: қабылдаулар, "
        "нәтижелер және іс-шаралар.",
        "🔔 Вы подписались на новости Кызылординского областного филиала партии «AMANAT»: приёмы, итоги и "
        "мероприятия.",
    ),
    "🔔 You are already subscribed to the branch's news.": (
        "🔔 Сіз филиал жаңалықтарына жазылып қойғансыз.",
        "🔔 Вы уже подписаны на новости филиала.",
    ),
    "🔕 You have unsubscribed from the news, and we no longer keep your subscription. To subscribe again: "
    "/subscribe": (
        "🔕 Сіз жаңалықтарға жазылымды тоқтаттыңыз, жазылымыңыз туралы деректер енді сақталмайды. Қайта жазылу "
        "үшін: /subscribe",
        "🔕 Вы отписались от новостей, данные о подписке больше не хранятся. Подписаться снова: /subscribe",
    ),
    "You are not subscribed to the news. To subscribe: /subscribe": (
        "Сіз жаңалықтарға жазылмағансыз. Жазылу үшін: /subscribe",
        "Вы не подписаны на новости. Подписаться: /subscribe",
    ),
    "Please write /subscribe or /unsubscribe to the bot in a private chat.": (
        "/subscribe немесе /unsubscribe командасын ботқа жеке чатта жазыңыз.",
        "Пожалуйста, напишите /subscribe или /unsubscribe боту в личном чате.",
    ),
    "Subscribed": ("Жазылдыңыз", "Вы подписаны"),
    "Saved": ("Сақталды", "Сохранено"),
    "✅ Saved. You are subscribed to the branch's news.": (
        "✅ Сақталды. Сіз филиал жаңалықтарына жазылғансыз.",
        "✅ Сохранено. Вы подписаны на новости филиала.",
    ),
    # staff: the /broadcast dialogue
    "📣 <b>New broadcast</b>\n\nStep 1 of 4. Send the text of the message in <b>Kazakh</b>.\n\nFormat it with "
    "Telegram's own tools (bold, italic, links), or write the HTML tags &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, "
    "&lt;a href=\"…\"&gt; yourself. At most 4096 characters. To stop: /cancel": (
        "📣 <b>Жаңа таратылым</b>\n\n1-қадам (барлығы 4). Хабарлама мәтінін <b>қазақ тілінде</b> жіберіңіз.\n\n"
        "Мәтінді Telegram-ның өз құралдарымен пішімдеңіз (қалың, көлбеу қаріп, сілтеме) немесе &lt;b&gt;, "
        "&lt;i&gt;, &lt;u&gt;, &lt;a href=\"…\"&gt; HTML тегтерін өзіңіз жазыңыз. Ең көбі 4096 таңба. "
        "Тоқтату үшін: /cancel",
        "📣 <b>Новая рассылка</b>\n\nШаг 1 из 4. Отправьте текст сообщения на <b>казахском</b> языке.\n\n"
        "Оформите его средствами самого Telegram (жирный, курсив, ссылки) или сами напишите HTML-теги "
        "&lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;a href=\"…\"&gt;. Не более 4096 символов. Прервать: /cancel",
    ),
    "Step 2 of 4. Now send the same message in <b>Russian</b>.": (
        "2-қадам (барлығы 4). Енді сол хабарламаны <b>орыс тілінде</b> жіберіңіз.",
        "Шаг 2 из 4. Теперь отправьте то же сообщение на <b>русском</b> языке.",
    ),
    "☝️ This is how the Kazakh text will look.": (
        "☝️ Қазақша мәтін осылай көрінеді.",
        "☝️ Так будет выглядеть текст на казахском.",
    ),
    "☝️ This is how the Russian text will look.": (
        "☝️ Орысша мәтін осылай көрінеді.",
        "☝️ Так будет выглядеть текст на русском.",
    ),
    "Telegram did not accept the Kazakh text: {error}\n\nCheck the formatting and send the Kazakh text again.": (
        "Telegram қазақша мәтінді қабылдамады: {error}\n\nПішімдеуін тексеріп, қазақша мәтінді қайта жіберіңіз.",
        "Telegram не принял текст на казахском: {error}\n\nПроверьте оформление и отправьте казахский текст ещё "
        "раз.",
    ),
    "Telegram did not accept the Russian text: {error}\n\nCheck the formatting and send the Russian text again.": (
        "Telegram орысша мәтінді қабылдамады: {error}\n\nПішімдеуін тексеріп, орысша мәтінді қайта жіберіңіз.",
        "Telegram не принял текст на русском: {error}\n\nПроверьте оформление и отправьте русский текст ещё раз.",
    ),
    "👇 Subscribers who read the bot in Kazakh ({n}) will receive exactly this:": (
        "👇 Ботты қазақ тілінде оқитын жазылушылар ({n}) дәл осыны алады:",
        "👇 Подписчики, читающие бот на казахском ({n}), получат именно это:",
    ),
    "👇 Subscribers who read the bot in Russian ({n}) will receive exactly this:": (
        "👇 Ботты орыс тілінде оқитын жазылушылар ({n}) дәл осыны алады:",
        "👇 Подписчики, читающие бот на русском ({n}), получат именно это:",
    ),
    "none": ("жоқ", "нет"),
    "a photo": ("фотосурет", "фото"),
    "a document": ("құжат", "документ"),
    "Please prepare a broadcast in a private chat with the bot: there the preview is seen by you only.": (
        "Таратылымды ботпен жеке чатта дайындаңыз: онда алдын ала көріністі тек сіз көресіз.",
        "Пожалуйста, готовьте рассылку в личном чате с ботом: там предпросмотр видите только вы.",
    ),
    "The text is empty. Please send the text of the message.": (
        "Мәтін бос. Хабарлама мәтінін жіберіңіз.",
        "Текст пустой. Пожалуйста, отправьте текст сообщения.",
    ),
    "The text is too long: {n} characters, Telegram allows at most {limit}. Please shorten it and send it again.": (
        "Мәтін тым ұзын: {n} таңба, ал Telegram ең көбі {limit} таңбаға рұқсат етеді. Қысқартып, қайта "
        "жіберіңіз.",
        "Текст слишком длинный: {n} символов, а Telegram допускает не более {limit}. Сократите его и отправьте "
        "ещё раз.",
    ),
    "Step 3 of 4. Send a photo or a document to go with the message, or press «Without attachment».\nWith an "
    "attachment each text becomes its caption: at most {limit} characters.": (
        "3-қадам (барлығы 4). Хабарламаға қоса жіберілетін фотосуретті немесе құжатты жіберіңіз, не болмаса "
        "«Тіркемесіз» батырмасын басыңыз.\nТіркеме болса, әр мәтін оның астындағы жазуға айналады: ең көбі "
        "{limit} таңба.",
        "Шаг 3 из 4. Отправьте фото или документ к сообщению или нажмите «Без вложения».\nС вложением каждый "
        "текст становится его подписью: не более {limit} символов.",
    ),
    "Please send the text as an ordinary message; a photo or a document can be added at the next step.": (
        "Мәтінді кәдімгі хабарлама етіп жіберіңіз; фотосурет не құжатты келесі қадамда қосуға болады.",
        "Отправьте текст обычным сообщением; фото или документ можно добавить на следующем шаге.",
    ),
    "With an attachment the text becomes its caption, and Telegram allows at most {limit} characters there; one "
    "of the texts has {n}. Press «Without attachment», or start again with /broadcast and shorten the texts.": (
        "Тіркеме болса, мәтін оның астындағы жазуға айналады, ал Telegram онда ең көбі {limit} таңбаға рұқсат "
        "етеді; мәтіндердің бірінде {n} таңба бар. «Тіркемесіз» батырмасын басыңыз немесе /broadcast арқылы "
        "қайта бастап, мәтіндерді қысқартыңыз.",
        "С вложением текст становится его подписью, а в ней Telegram допускает не более {limit} символов; в одном "
        "из текстов их {n}. Нажмите «Без вложения» или начните заново с /broadcast и сократите тексты.",
    ),
    "Please send a photo or a document, or press «Without attachment».": (
        "Фотосурет не құжат жіберіңіз немесе «Тіркемесіз» батырмасын басыңыз.",
        "Отправьте фото или документ либо нажмите «Без вложения».",
    ),
    "Step 4 of 4. Who should receive it? The numbers are the active subscribers right now.": (
        "4-қадам (барлығы 4). Хабарламаны кім алады? Сандар — дәл қазіргі белсенді жазылушылар.",
        "Шаг 4 из 4. Кто получит рассылку? Числа — активные подписчики на данный момент.",
    ),
    "Choose the district. Subscribers who chose no district (the whole region) receive district news too; they "
    "are included in the numbers.": (
        "Ауданды таңдаңыз. Аудан таңдамаған (бүкіл облысқа жазылған) жазылушылар да аудан жаңалықтарын алады; "
        "олар сандарға қосылған.",
        "Выберите район. Подписчики, не выбравшие район (вся область), тоже получают районные новости; они "
        "учтены в числах.",
    ),
    "<b>Check the broadcast</b>": ("<b>Таратылымды тексеріңіз</b>", "<b>Проверьте рассылку</b>"),
    "Audience: {audience}": ("Кімге: {audience}", "Кому: {audience}"),
    "Recipients: {total} (reading in Kazakh: {kk}, in Russian: {ru})": (
        "Алушылар: {total} (қазақ тілінде оқитындар: {kk}, орыс тілінде: {ru})",
        "Получателей: {total} (читают на казахском: {kk}, на русском: {ru})",
    ),
    "Attachment: {attachment}": ("Тіркеме: {attachment}", "Вложение: {attachment}"),
    "Send it now, schedule it for later, or cancel.": (
        "Қазір жіберіңіз, кейінгі уақытқа жоспарлаңыз немесе бас тартыңыз.",
        "Отправьте сейчас, запланируйте на потом или отмените.",
    ),
    "Nobody in this audience is subscribed yet. Choose another audience or cancel.": (
        "Бұл топта әзірге бірде-бір жазылушы жоқ. Басқа топты таңдаңыз немесе бас тартыңыз.",
        "В этой аудитории пока нет ни одного подписчика. Выберите другую аудиторию или отмените.",
    ),
    "Only administrators and operators can send broadcasts.": (
        "Таратылымды тек әкімшілер мен операторлар жібере алады.",
        "Отправлять рассылки могут только администраторы и операторы.",
    ),
    "✅ Broadcast #{id} is queued and starts now. The next message will show its progress.": (
        "✅ №{id} таратылым кезекке қойылды, жіберу қазір басталады. Барысы келесі хабарламада көрсетіледі.",
        "✅ Рассылка №{id} поставлена в очередь и начинается сейчас. Ход отправки покажет следующее сообщение.",
    ),
    "🕒 When should it be sent? Write the date and time in Kyzylorda time, for example: {example}": (
        "🕒 Қашан жіберу керек? Күні мен уақытын Қызылорда уақытымен жазыңыз, мысалы: {example}",
        "🕒 Когда отправить? Напишите дату и время по времени Кызылорды, например: {example}",
    ),
    "I could not read this date and time. Please write them like this: {example}": (
        "Бұл күн мен уақытты түсіне алмадым. Былай жазыңыз: {example}",
        "Не удалось разобрать дату и время. Напишите их так: {example}",
    ),
    "This moment has already passed: it is now {now} in Kyzylorda. Please send a time in the future.": (
        "Бұл уақыт өтіп кетті: Қызылордада қазір {now}. Алдағы уақытты жіберіңіз.",
        "Это время уже прошло: сейчас в Кызылорде {now}. Укажите время в будущем.",
    ),
    "A broadcast can be scheduled at most 60 days ahead. Please send an earlier date.": (
        "Таратылымды ең көбі 60 күн алға жоспарлауға болады. Ертерек күнді жіберіңіз.",
        "Рассылку можно запланировать не более чем на 60 дней вперёд. Укажите более раннюю дату.",
    ),
    "🕒 Broadcast #{id} is scheduled for {when} (Kyzylorda time). It is listed in /broadcasts, where it can be "
    "stopped, or press the button below.": (
        "🕒 №{id} таратылым жоспарланды, жіберілу уақыты: {when} (Қызылорда уақытымен). Ол /broadcasts "
        "тізімінде тұр, оны сол жерден немесе төмендегі батырмамен тоқтатуға болады.",
        "🕒 Рассылка №{id} запланирована на {when} (по времени Кызылорды). Она есть в списке /broadcasts, где её "
        "можно остановить, или нажмите кнопку ниже.",
    ),
    "Please write the date and time as text, or /cancel.": (
        "Күні мен уақытын мәтінмен жазыңыз немесе /cancel.",
        "Напишите дату и время текстом или /cancel.",
    ),
    "The broadcast is cancelled. Nothing was sent.": (
        "Таратылымнан бас тартылды. Ештеңе жіберілмеді.",
        "Рассылка отменена. Ничего не отправлено.",
    ),
    "This step is no longer open. To prepare a broadcast: /broadcast": (
        "Бұл қадам енді қолжетімсіз. Таратылым дайындау үшін: /broadcast",
        "Этот шаг уже недоступен. Подготовить рассылку: /broadcast",
    ),
    "There have been no broadcasts yet. To prepare one: /broadcast": (
        "Әзірге бірде-бір таратылым болған жоқ. Дайындау үшін: /broadcast",
        "Рассылок пока не было. Подготовить: /broadcast",
    ),
    "📣 <b>Broadcasts</b> (the latest {n})": ("📣 <b>Таратылымдар</b> (соңғы {n})", "📣 <b>Рассылки</b> (последние {n})"),
    "Only administrators and operators can stop broadcasts.": (
        "Таратылымды тек әкімшілер мен операторлар тоқтата алады.",
        "Останавливать рассылки могут только администраторы и операторы.",
    ),
    "There is no such broadcast.": ("Мұндай таратылым жоқ.", "Такой рассылки нет."),
    "Broadcast #{id} has already been sent in full.": (
        "№{id} таратылым толық жіберіліп қойған.",
        "Рассылка №{id} уже отправлена полностью.",
    ),
    "Broadcast #{id} is already stopped.": ("№{id} таратылым тоқтатылып қойған.", "Рассылка №{id} уже остановлена."),
    "Broadcast #{id} is stopped.": ("№{id} таратылым тоқтатылды.", "Рассылка №{id} остановлена."),
    "⛔ Broadcast #{id} is cancelled. Nothing was sent.": (
        "⛔ №{id} таратылымнан бас тартылды. Ештеңе жіберілмеді.",
        "⛔ Рассылка №{id} отменена. Ничего не отправлено.",
    ),
    "This command is for the staff of the branch only.": (
        "Бұл команда тек филиал қызметкерлеріне арналған.",
        "Эта команда только для сотрудников филиала.",
    ),
    "This button is for the staff of the branch only.": (
        "Бұл батырма тек филиал қызметкерлеріне арналған.",
        "Эта кнопка только для сотрудников филиала.",
    ),
    # staff: buttons
    "➡️ Without attachment": ("➡️ Тіркемесіз", "➡️ Без вложения"),
    "✖️ Cancel": ("✖️ Бас тарту", "✖️ Отменить"),
    "👥 Everyone ({n})": ("👥 Барлығына ({n})", "👥 Всем ({n})"),
    "🇰🇿 Reading in Kazakh ({n})": ("🇰🇿 Қазақ тілінде оқитындарға ({n})", "🇰🇿 Читающим на казахском ({n})"),
    "🇷🇺 Reading in Russian ({n})": ("🇷🇺 Орыс тілінде оқитындарға ({n})", "🇷🇺 Читающим на русском ({n})"),
    "📍 By district…": ("📍 Аудан бойынша…", "📍 По району…"),
    "✅ Send now": ("✅ Қазір жіберу", "✅ Отправить сейчас"),
    "🕒 Schedule": ("🕒 Жоспарлау", "🕒 Запланировать"),
    "👥 Another audience": ("👥 Басқа топ", "👥 Другая аудитория"),
    "⛔ Stop the broadcast": ("⛔ Таратылымды тоқтату", "⛔ Остановить рассылку"),
    "⛔ Stop #{id}": ("⛔ №{id} тоқтату", "⛔ Остановить №{id}"),
    # staff: broadcasts described
    "subscribers who read the bot in Kazakh": (
        "ботты қазақ тілінде оқитын жазылушылар",
        "подписчики, читающие бот на казахском",
    ),
    "subscribers who read the bot in Russian": (
        "ботты орыс тілінде оқитын жазылушылар",
        "подписчики, читающие бот на русском",
    ),
    "subscribers of {district} and of the whole region": (
        "жазылушылар: {district} және бүкіл облыс",
        "подписчики: {district} и вся область",
    ),
    "all subscribers": ("барлық жазылушылар", "все подписчики"),
    "Delivered: {sent} of {total}\nNot delivered: {failed} (blocked the bot or left Telegram: {blocked})\n"
    "Left to send: {left}": (
        "Жеткізілді: {total} ішінен {sent}\nЖеткізілмеді: {failed} (ботты бұғаттағандар немесе Telegram-нан "
        "кеткендер: {blocked})\nЖіберуге қалды: {left}",
        "Доставлено: {sent} из {total}\nНе доставлено: {failed} (заблокировали бота или удалили аккаунт: "
        "{blocked})\nОсталось отправить: {left}",
    ),
    "📤 <b>Broadcast #{id}</b> is being sent": (
        "📤 <b>№{id} таратылым</b> жіберілуде",
        "📤 <b>Рассылка №{id}</b> отправляется",
    ),
    "Time left: about {eta}": ("Шамамен {eta} қалды", "Осталось примерно {eta}"),
    "⛔ <b>Broadcast #{id}</b> was stopped.": (
        "⛔ <b>№{id} таратылым</b> тоқтатылды.",
        "⛔ <b>Рассылка №{id}</b> остановлена.",
    ),
    "✅ <b>Broadcast #{id}</b> has been sent.": (
        "✅ <b>№{id} таратылым</b> жіберілді.",
        "✅ <b>Рассылка №{id}</b> отправлена.",
    ),
    "Time taken: {elapsed}": ("Жұмсалған уақыт: {elapsed}", "Затрачено времени: {elapsed}"),
    "🕒 Scheduled for {when}": ("🕒 Жоспарланған уақыты: {when}", "🕒 Запланирована на {when}"),
    "⏳ Waiting to be sent": ("⏳ Жіберілуін күтуде", "⏳ Ожидает отправки"),
    "📤 Sending: {sent} of {total} delivered, {failed} not delivered": (
        "📤 Жіберілуде: {total} ішінен {sent} жеткізілді, {failed} жеткізілмеді",
        "📤 Отправляется: доставлено {sent} из {total}, не доставлено {failed}",
    ),
    "✅ Sent: {sent} of {total} delivered, {failed} not delivered ({blocked} blocked the bot)": (
        "✅ Жіберілді: {total} ішінен {sent} жеткізілді, {failed} жеткізілмеді ({blocked} ботты бұғаттаған)",
        "✅ Отправлена: доставлено {sent} из {total}, не доставлено {failed} (заблокировали бота: {blocked})",
    ),
    "⛔ Cancelled before sending": ("⛔ Жіберілмей тұрып тоқтатылды", "⛔ Отменена до отправки"),
    "⛔ Stopped: {sent} of {total} delivered": (
        "⛔ Тоқтатылды: {total} ішінен {sent} жеткізілді",
        "⛔ Остановлена: доставлено {sent} из {total}",
    ),
    "<b>#{id}</b> · {created} · {audience}": ("<b>№{id}</b> · {created} · {audience}", "<b>№{id}</b> · {created} · {audience}"),
    # staff: roles
    "administrator": ("әкімші", "администратор"),
    "operator": ("оператор", "оператор"),
    "lawyer": ("заңгер", "юрист"),
    "Write it like this: /{command} 123456789 operator\nRoles: admin (administrator), operator, lawyer. A person "
    "can find out their id by sending /myid to the bot.": (
        "Былай жазыңыз: /{command} 123456789 operator\nРөлдер: admin (әкімші), operator (оператор), lawyer "
        "(заңгер). Адам өз идентификаторын ботқа /myid жіберіп біле алады.",
        "Напишите так: /{command} 123456789 operator\nРоли: admin (администратор), operator (оператор), lawyer "
        "(юрист). Свой id человек может узнать, отправив боту /myid.",
    ),
    "Your Telegram id: <code>{id}</code>": (
        "Сіздің Telegram идентификаторыңыз: <code>{id}</code>",
        "Ваш Telegram id: <code>{id}</code>",
    ),
    "👥 <b>Staff</b>": ("👥 <b>Қызметкерлер</b>", "👥 <b>Сотрудники</b>"),
    "(set in ADMIN_IDS)": ("(ADMIN_IDS баптауында берілген)", "(задан в ADMIN_IDS)"),
    "Grant a role: /grant ID ROLE\nRevoke a role: /revoke ID ROLE\nRoles: admin, operator, lawyer": (
        "Рөл беру: /grant ID РӨЛ\nРөлді алып тастау: /revoke ID РӨЛ\nРөлдер: admin, operator, lawyer",
        "Выдать роль: /grant ID РОЛЬ\nОтозвать роль: /revoke ID РОЛЬ\nРоли: admin, operator, lawyer",
    ),
    "{id} already has the role «{role}».": (
        "{id} пайдаланушысында «{role}» рөлі бұрыннан бар.",
        "У пользователя {id} уже есть роль «{role}».",
    ),
    "This person has not written to the bot yet; the role works as soon as they do.": (
        "Бұл адам ботқа әлі жазбаған; ол жазған бойда рөл күшіне енеді.",
        "Этот человек ещё не писал боту; роль заработает, как только он напишет.",
    ),
    "✅ {id} now has the role «{role}».": (
        "✅ {id} пайдаланушысына «{role}» рөлі берілді.",
        "✅ Пользователю {id} выдана роль «{role}».",
    ),
    "You have been given the role «{role}» in the bot of the AMANAT Kyzylorda branch.": (
        "Сізге «AMANAT» партиясы Қызылорда облыстық филиалының ботында «{role}» рөлі берілді.",
        "Вам выдана роль «{role}» в боте Кызылординского областного филиала партии «AMANAT».",
    ),
    "{id} is an administrator through the ADMIN_IDS setting; remove them there and restart the bot.": (
        "{id} — ADMIN_IDS баптауы арқылы тағайындалған әкімші; оны сол жерден алып тастап, ботты қайта іске "
        "қосыңыз.",
        "{id} — администратор из настройки ADMIN_IDS; уберите его оттуда и перезапустите бота.",
    ),
    "{id} does not have the role «{role}».": (
        "{id} пайдаланушысында «{role}» рөлі жоқ.",
        "У пользователя {id} нет роли «{role}».",
    ),
    "✅ The role «{role}» of {id} is revoked.": (
        "✅ {id} пайдаланушысының «{role}» рөлі алынып тасталды.",
        "✅ Роль «{role}» у пользователя {id} отозвана.",
    ),
    # staff: /stats
    "📝 <b>Appeals</b> by status:": ("📝 <b>Өтініштер</b> мәртебесі бойынша:", "📝 <b>Обращения</b> по статусам:"),
    "⚖️ <b>Legal-help bookings</b> by status:": (
        "⚖️ <b>Заң көмегіне жазылулар</b> мәртебесі бойынша:",
        "⚖️ <b>Записи на правовую помощь</b> по статусам:",
    ),
    "new": ("жаңа", "новые"),
    "open": ("ашық", "открытые"),
    "taken": ("жұмысқа алынған", "взяты в работу"),
    "in progress": ("қаралуда", "в работе"),
    "answered": ("жауап берілген", "отвечены"),
    "forwarded to a state body": ("мемлекеттік органға жіберілген", "направлены в госорган"),
    "rejected": ("қабылданбаған", "отклонены"),
    "closed": ("жабылған", "закрыты"),
    "booked": ("жазылған", "записаны"),
    "confirmed": ("расталған", "подтверждены"),
    "cancelled": ("бас тартылған", "отменены"),
    "attended": ("келген", "пришли"),
    "did not come": ("келмеген", "не пришли"),
    "on the waiting list": ("күту тізімінде", "в листе ожидания"),
    "📊 <b>Statistics</b>": ("📊 <b>Статистика</b>", "📊 <b>Статистика</b>"),
    "👥 Citizens who have used the bot: {n}": (
        "👥 Ботты пайдаланған азаматтар: {n}",
        "👥 Граждан, пользовавшихся ботом: {n}",
    ),
    "   of them active in the last {days} days: {n}": (
        "   соның ішінде соңғы {days} күнде белсенді болғандар: {n}",
        "   из них активны за последние {days} дней: {n}",
    ),
    "🔔 <b>Subscribers</b>: {active} active, {inactive} inactive (blocked the bot or left Telegram)": (
        "🔔 <b>Жазылушылар</b>: {active} белсенді, {inactive} белсенді емес (ботты бұғаттаған немесе "
        "Telegram-нан кеткен)",
        "🔔 <b>Подписчики</b>: активных {active}, неактивных {inactive} (заблокировали бота или удалили "
        "аккаунт)",
    ),
    "   reading in Kazakh: {kk}, in Russian: {ru}": (
        "   қазақ тілінде оқитындар: {kk}, орыс тілінде: {ru}",
        "   читают на казахском: {kk}, на русском: {ru}",
    ),
    "   by district:": ("   аудандар бойынша:", "   по районам:"),
    "the whole region (no district chosen): {n}": (
        "бүкіл облыс (аудан таңдалмаған): {n}",
        "вся область (район не выбран): {n}",
    ),
    "📣 <b>Broadcasts</b>: {done} sent, {open} planned or in progress, {cancelled} stopped; messages delivered: "
    "{delivered}": (
        "📣 <b>Таратылымдар</b>: {done} жіберілді, {open} жоспарланған немесе жіберілуде, {cancelled} "
        "тоқтатылды; жеткізілген хабарламалар: {delivered}",
        "📣 <b>Рассылки</b>: отправлено {done}, запланировано или идёт {open}, остановлено {cancelled}; "
        "доставлено сообщений: {delivered}",
    ),
    "none yet": ("әзірге жоқ", "пока нет"),
}
