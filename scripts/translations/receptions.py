# Translations of the legal-help receptions ("Құқықтық көмек"): T = {msgid: (kk, ru)}.
# Applied with: python scripts/fill_translations.py scripts/translations/receptions.py
# Plural messages: the key is (singular, plural), the value ((kk forms), (ru forms)).
# ruff: noqa: E501

T = {
    # -- commands and the legal-help menu ---------------------------------------------------------------
    "My bookings for legal help": ("Заң көмегіне жазылуларым", "Мои записи на правовую помощь"),
    "«Құқықтық көмек» is the party's project of free legal consultations in its public reception rooms.": (
        "«Құқықтық көмек» — партияның қоғамдық қабылдау бөлмелерінде тегін заң кеңесін беретін жобасы.",
        "«Правовая помощь» («Құқықтық көмек») — проект партии по бесплатным юридическим консультациям в её общественных приёмных.",
    ),
    "⚖️ <b>Free legal help «Құқықтық көмек»</b>\n\n{about}\n\nLawyers receive citizens free of charge. Choose: the schedule, booking a consultation, or your bookings.": (
        "⚖️ <b>«Құқықтық көмек» — тегін заң көмегі</b>\n\n{about}\n\nЗаңгерлер азаматтарды тегін қабылдайды. Таңдаңыз: қабылдау кестесі, кеңеске жазылу немесе жазылуларыңыз.",
        "⚖️ <b>Бесплатная правовая помощь «Құқықтық көмек»</b>\n\n{about}\n\nЮристы принимают граждан бесплатно. Выберите: расписание, запись на консультацию или ваши записи.",
    ),
    "🗓 Schedule": ("🗓 Қабылдау кестесі", "🗓 Расписание"),
    "📝 Book a consultation": ("📝 Кеңеске жазылу", "📝 Записаться на консультацию"),
    "📋 My bookings": ("📋 Жазылуларым", "📋 Мои записи"),
    ("{name}: {count} free place", "{name}: {count} free places"): (
        ("{name}: {count} бос орын", "{name}: {count} бос орын"),
        ("{name}: {count} свободное место", "{name}: {count} свободных места", "{name}: {count} свободных мест"),
    ),
    "{name}: waitlist only": ("{name}: тек күту тізімі", "{name}: только лист ожидания"),
    "There are no free places at the moment. See the schedule: you can join a waitlist.": (
        "Қазір бос орын жоқ. Кестені қараңыз: күту тізіміне жазыла аласыз.",
        "Сейчас свободных мест нет. Посмотрите расписание: можно встать в лист ожидания.",
    ),
    "No legal-help receptions are scheduled at the moment. Please check back later.": (
        "Қазір заң көмегі бойынша қабылдау жоспарланбаған. Кейінірек қайта қараңыз.",
        "Сейчас приёмы по правовой помощи не запланированы. Загляните, пожалуйста, позже.",
    ),
    "📝 <b>Book a free legal consultation</b>\n\nChoose your district:": (
        "📝 <b>Тегін заң кеңесіне жазылу</b>\n\nАуданыңызды таңдаңыз:",
        "📝 <b>Запись на бесплатную юридическую консультацию</b>\n\nВыберите ваш район:",
    ),
    "🗓 <b>Upcoming legal-help receptions</b>\n\nChoose a district:": (
        "🗓 <b>Алдағы заң көмегі қабылдаулары</b>\n\nАуданды таңдаңыз:",
        "🗓 <b>Ближайшие приёмы по правовой помощи</b>\n\nВыберите район:",
    ),
    "No legal-help receptions are scheduled in {district} yet.": (
        "{district} бойынша заң көмегі қабылдауы әзірге жоспарланбаған.",
        "{district}: приёмы по правовой помощи пока не запланированы.",
    ),
    "🗓 <b>{district}</b>: upcoming receptions\n\n{sessions}": (
        "🗓 <b>{district}</b>: алдағы қабылдаулар\n\n{sessions}",
        "🗓 <b>{district}</b>: ближайшие приёмы\n\n{sessions}",
    ),
    "There are no free places in {district} in the coming days. See the schedule: you can join a waitlist.": (
        "{district} бойынша алдағы күндерде бос орын жоқ. Кестені қараңыз: күту тізіміне жазыла аласыз.",
        "{district}: в ближайшие дни свободных мест нет. Посмотрите расписание: можно встать в лист ожидания.",
    ),
    "📝 <b>{district}</b>\n\nChoose a date:": ("📝 <b>{district}</b>\n\nКүнді таңдаңыз:", "📝 <b>{district}</b>\n\nВыберите дату:"),
    "This date has already passed. Please choose another one.": (
        "Бұл күн өтіп кетті. Басқа күнді таңдаңыз.",
        "Эта дата уже прошла. Выберите, пожалуйста, другую.",
    ),
    "There are no free places left on this date. Please choose another one.": (
        "Бұл күнге бос орын қалмады. Басқа күнді таңдаңыз.",
        "На эту дату свободных мест не осталось. Выберите, пожалуйста, другую.",
    ),
    "📝 <b>{district}</b>, {day}\n\nChoose the reception:": (
        "📝 <b>{district}</b>, {day}\n\nҚабылдауды таңдаңыз:",
        "📝 <b>{district}</b>, {day}\n\nВыберите приём:",
    ),
    "🕒 Choose a time:\n\n{session}": ("🕒 Уақытты таңдаңыз:\n\n{session}", "🕒 Выберите время:\n\n{session}"),
    "📝 Book: {when}": ("📝 Жазылу: {when}", "📝 Записаться: {when}"),
    "🕒 Waitlist: {when}": ("🕒 Күту тізімі: {when}", "🕒 Лист ожидания: {when}"),
    "🗓 Schedule by district": ("🗓 Аудандар бойынша кесте", "🗓 Расписание по районам"),
    "🗓 Other dates": ("🗓 Басқа күндер", "🗓 Другие даты"),
    # -- sessions as citizens see them --------------------------------------------------------------------
    "🏠 Housing": ("🏠 Тұрғын үй", "🏠 Жильё"),
    "🌾 Land": ("🌾 Жер мәселелері", "🌾 Земельные вопросы"),
    "👪 Family": ("👪 Отбасы", "👪 Семья"),
    "💼 Labour": ("💼 Еңбек қатынастары", "💼 Трудовые вопросы"),
    "👵 Pensions and benefits": ("👵 Зейнетақы мен жәрдемақы", "👵 Пенсии и пособия"),
    "💳 Debts": ("💳 Қарыздар", "💳 Долги"),
    "📌 Other questions": ("📌 Басқа мәселелер", "📌 Другие вопросы"),
    "lawyer: {name}": ("заңгер: {name}", "юрист: {name}"),
    "🕒 By appointment, {minutes} minutes each": (
        "🕒 Белгіленген уақытқа жазылу, әрқайсысы {minutes} минут",
        "🕒 Запись на время, по {minutes} минут",
    ),
    "🪑 No free places (waitlist open)": (
        "🪑 Бос орын жоқ (күту тізіміне жазылуға болады)",
        "🪑 Свободных мест нет (открыт лист ожидания)",
    ),
    ("🪑 {free} free place of {capacity}", "🪑 {free} free places of {capacity}"): (
        ("🪑 {capacity} орынның {free} орны бос", "🪑 {capacity} орынның {free} орны бос"),
        ("🪑 Свободно {free} место из {capacity}", "🪑 Свободно {free} места из {capacity}", "🪑 Свободно {free} мест из {capacity}"),
    ),
    "Booking code: <b>{code}</b>": ("Жазылу коды: <b>{code}</b>", "Код записи: <b>{code}</b>"),
    "⏸ New bookings are paused for now (for example, during an election campaign). Bookings already made remain valid. Please check back later.": (
        "⏸ Жаңа жазылу уақытша тоқтатылды (мысалы, сайлау науқаны кезінде). Бұрын жасалған жазылулар күшінде қалады. Кейінірек қайта қараңыз.",
        "⏸ Новая запись временно приостановлена (например, на время избирательной кампании). Уже сделанные записи остаются в силе. Загляните, пожалуйста, позже.",
    ),
    "Please bring your identity card and the documents on your question (contracts, letters, court decisions), and come 10 minutes early.": (
        "Жеке куәлігіңізді және мәселеңізге қатысты құжаттарды (шарттар, хаттар, сот шешімдері) ала келіңіз, 10 минут ерте келіңіз.",
        "Возьмите с собой удостоверение личности и документы по вашему вопросу (договоры, письма, решения суда) и приходите за 10 минут.",
    ),
    # -- the booking form ---------------------------------------------------------------------------------
    "To book you for the consultation we need your name and phone number and, if you wish, a short description of your question.": (
        "Сізді кеңеске жазу үшін аты-жөніңіз бен телефон нөміріңіз, қаласаңыз, мәселеңіздің қысқаша сипаттамасы қажет.",
        "Чтобы записать вас на консультацию, нам нужны ваши имя и номер телефона и, по желанию, краткое описание вопроса.",
    ),
    "✅ I agree": ("✅ Келісемін", "✅ Даю согласие"),
    "Thank you.": ("Рақмет.", "Спасибо."),
    "Understood. Without your consent we cannot book you, and nothing has been saved. You are always welcome at the party's public reception rooms in person.": (
        "Түсіндім. Келісіміңізсіз сізді жаза алмаймыз, ештеңе сақталған жоқ. Партияның қоғамдық қабылдау бөлмелеріне өзіңіз кез келген уақытта келе аласыз.",
        "Понятно. Без вашего согласия мы не можем вас записать, ничего не сохранено. Вы всегда можете прийти в общественную приёмную партии лично.",
    ),
    "👤 How should we write your name? Tap the button with your name or type your first name and surname.": (
        "👤 Аты-жөніңізді қалай жазайық? Атыңыз жазылған батырманы басыңыз немесе атыңыз бен тегіңізді жазыңыз.",
        "👤 Как вас записать? Нажмите кнопку с вашим именем или напишите имя и фамилию.",
    ),
    "🕒 <b>Waitlist</b>\n\nAll places for this reception are taken. Join the waitlist: if a place frees up, we will offer it to you in turn.\n\n{session}": (
        "🕒 <b>Күту тізімі</b>\n\nБұл қабылдаудың барлық орны бос емес. Күту тізіміне жазылыңыз: орын босаса, кезегіңіз бойынша сізге ұсынамыз.\n\n{session}",
        "🕒 <b>Лист ожидания</b>\n\nВсе места на этот приём заняты. Встаньте в лист ожидания: если место освободится, мы предложим его вам в порядке очереди.\n\n{session}",
    ),
    "📝 <b>Booking a free legal consultation</b>\n\n{session}": (
        "📝 <b>Тегін заң кеңесіне жазылу</b>\n\n{session}",
        "📝 <b>Запись на бесплатную юридическую консультацию</b>\n\n{session}",
    ),
    "The booking is cancelled. Nothing was saved.": (
        "Жазылу тоқтатылды. Ештеңе сақталған жоқ.",
        "Запись отменена. Ничего не сохранено.",
    ),
    "📱 Your phone number: tap «📱 Share my number» or type it, for example +7 701 234 56 78.": (
        "📱 Телефон нөміріңіз: «📱 Нөмірімді жіберу» батырмасын басыңыз немесе нөмірді жазыңыз, мысалы: +7 701 234 56 78.",
        "📱 Ваш номер телефона: нажмите «📱 Отправить мой номер» или напишите его, например +7 701 234 56 78.",
    ),
    "Please share your own number with the button below, or type it.": (
        "Төмендегі батырма арқылы өз нөміріңізді жіберіңіз немесе оны жазыңыз.",
        "Отправьте, пожалуйста, свой собственный номер кнопкой ниже или напишите его.",
    ),
    "✍️ Briefly describe your question for the lawyer (up to {limit} characters), or tap «⏭ Skip».": (
        "✍️ Заңгерге қоятын сұрағыңызды қысқаша жазыңыз ({limit} таңбаға дейін) немесе «⏭ Өткізіп жіберу» батырмасын басыңыз.",
        "✍️ Кратко опишите ваш вопрос юристу (до {limit} символов) или нажмите «⏭ Пропустить».",
    ),
    "Please type your question as text, or tap «⏭ Skip».": (
        "Сұрағыңызды мәтінмен жазыңыз немесе «⏭ Өткізіп жіберу» батырмасын басыңыз.",
        "Напишите, пожалуйста, вопрос текстом или нажмите «⏭ Пропустить».",
    ),
    "Almost done: please check the details below.": (
        "Сәл қалды: төмендегі мәліметтерді тексеріңіз.",
        "Почти готово: проверьте, пожалуйста, данные ниже.",
    ),
    "👤 Name: {name}": ("👤 Аты-жөні: {name}", "👤 Имя: {name}"),
    "📱 Phone: {phone}": ("📱 Телефон: {phone}", "📱 Телефон: {phone}"),
    "❓ Question: {question}": ("❓ Сұрақ: {question}", "❓ Вопрос: {question}"),
    "Please check your booking:": ("Жазылуыңызды тексеріңіз:", "Проверьте, пожалуйста, вашу запись:"),
    "Please check your request for the waitlist:": (
        "Күту тізіміне өтінішіңізді тексеріңіз:",
        "Проверьте, пожалуйста, заявку в лист ожидания:",
    ),
    "✅ Confirm booking": ("✅ Жазылуды растау", "✅ Подтвердить запись"),
    "🕒 Join the waitlist": ("🕒 Күту тізіміне жазылу", "🕒 Встать в лист ожидания"),
    "❌ Cancel": ("❌ Бас тарту", "❌ Отмена"),
    "⏭ Skip": ("⏭ Өткізіп жіберу", "⏭ Пропустить"),
    "❌ Cancel booking": ("❌ Жазылуды тоқтату", "❌ Отменить запись"),
    "📱 Share my number": ("📱 Нөмірімді жіберу", "📱 Отправить мой номер"),
    "✅ <b>You are booked!</b>\n\n{booking}\n\n{bring}\n\nWe will remind you the evening before and two hours before. To cancel: /mybookings": (
        "✅ <b>Сіз жазылдыңыз!</b>\n\n{booking}\n\n{bring}\n\nҚабылдаудың алдындағы кеште және екі сағат бұрын еске саламыз. Бас тарту үшін: /mybookings",
        "✅ <b>Вы записаны!</b>\n\n{booking}\n\n{bring}\n\nМы напомним вам накануне вечером и за два часа до приёма. Отменить запись: /mybookings",
    ),
    "Booked!": ("Жазылдыңыз!", "Вы записаны!"),
    "😔 Sorry, all places for this reception have just been taken. You can join the waitlist: if a place frees up, we will offer it to you in turn.": (
        "😔 Кешіріңіз, бұл қабылдаудың барлық орны жаңа ғана толып қалды. Күту тізіміне жазыла аласыз: орын босаса, кезегіңіз бойынша сізге ұсынамыз.",
        "😔 К сожалению, все места на этот приём только что заняли. Можно встать в лист ожидания: если место освободится, мы предложим его вам в порядке очереди.",
    ),
    "🕒 You are on the waitlist, number {position} in line. If a place frees up, I will send you an offer, and you will have time to confirm it.\n\n{session}\n\nYour bookings and waitlist: /mybookings": (
        "🕒 Сіз күту тізіміндесіз, кезектегі нөміріңіз: {position}. Орын босаса, сізге ұсыныс жіберемін, оны растауға уақыт беріледі.\n\n{session}\n\nЖазылуларыңыз бен күту тізімі: /mybookings",
        "🕒 Вы в листе ожидания, ваш номер в очереди: {position}. Если место освободится, я пришлю вам предложение, и у вас будет время его подтвердить.\n\n{session}\n\nВаши записи и лист ожидания: /mybookings",
    ),
    # -- /mybookings, cancelling, the waitlist ------------------------------------------------------------
    "You have no upcoming bookings. To book a free legal consultation, press «📝 Book a consultation».": (
        "Алдағы жазылуларыңыз жоқ. Тегін заң кеңесіне жазылу үшін «📝 Кеңеске жазылу» батырмасын басыңыз.",
        "Предстоящих записей у вас нет. Чтобы записаться на бесплатную юридическую консультацию, нажмите «📝 Записаться на консультацию».",
    ),
    "📋 <b>Your bookings</b>": ("📋 <b>Жазылуларыңыз</b>", "📋 <b>Ваши записи</b>"),
    "🎉 A place is offered to you until {deadline}:": (
        "🎉 Сізге {deadline} дейін орын ұсынылды:",
        "🎉 Вам предложено место до {deadline}:",
    ),
    "🕒 Waitlist, number {position} in line:": (
        "🕒 Күту тізімі, кезектегі нөміріңіз: {position}:",
        "🕒 Лист ожидания, ваш номер в очереди: {position}:",
    ),
    "❌ Cancel {code}": ("❌ {code} жазылуынан бас тарту", "❌ Отменить {code}"),
    "✅ Take the place: {when}": ("✅ Орынды алу: {when}", "✅ Занять место: {when}"),
    "✖️ Leave the waitlist: {when}": ("✖️ Күту тізімінен шығу: {when}", "✖️ Выйти из листа ожидания: {when}"),
    "Cancel this booking?\n\n{booking}": (
        "Бұл жазылудан бас тартасыз ба?\n\n{booking}",
        "Отменить эту запись?\n\n{booking}",
    ),
    "Yes, cancel it": ("Иә, бас тартамын", "Да, отменить"),
    "No, keep it": ("Жоқ, қалсын", "Нет, оставить"),
    "Your booking <b>{code}</b> is cancelled, and the place is free for others. Thank you for letting us know!": (
        "<b>{code}</b> жазылуыңыз жойылды, орын басқаларға босатылды. Хабарлағаныңызға рақмет!",
        "Ваша запись <b>{code}</b> отменена, место освободилось для других. Спасибо, что предупредили!",
    ),
    "You have left the waitlist.": ("Сіз күту тізімінен шықтыңыз.", "Вы вышли из листа ожидания."),
    "✅ Take the place": ("✅ Орынды алу", "✅ Занять место"),
    "✖️ No, thanks": ("✖️ Жоқ, рақмет", "✖️ Нет, спасибо"),
    "Thank you for letting us know: the place goes to the next person in line.": (
        "Хабарлағаныңызға рақмет: орын кезектегі келесі адамға беріледі.",
        "Спасибо, что сообщили: место перейдёт следующему в очереди.",
    ),
    # -- free-text questions about the schedule -----------------------------------------------------------
    "⚖️ <b>Free legal help: {district}</b>\n\nThe next receptions:\n\n{sessions}": (
        "⚖️ <b>Тегін заң көмегі: {district}</b>\n\nАлдағы қабылдаулар:\n\n{sessions}",
        "⚖️ <b>Бесплатная правовая помощь: {district}</b>\n\nБлижайшие приёмы:\n\n{sessions}",
    ),
    "The nearest ones in other districts:\n\n{sessions}": (
        "Басқа аудандардағы ең жақын қабылдаулар:\n\n{sessions}",
        "Ближайшие приёмы в других районах:\n\n{sessions}",
    ),
    "⚖️ <b>The nearest free legal-help receptions</b>\n\n{sessions}": (
        "⚖️ <b>Ең жақын тегін заң көмегі қабылдаулары</b>\n\n{sessions}",
        "⚖️ <b>Ближайшие приёмы бесплатной правовой помощи</b>\n\n{sessions}",
    ),
    # -- problems -----------------------------------------------------------------------------------------
    ("You already have {limit} active booking, the most one person can have. Cancel it in /mybookings to book another.",
     "You already have {limit} active bookings, the most one person can have. Cancel one of them in /mybookings to book another."): (
        ("Сізде {limit} белсенді жазылу бар, бір адамға рұқсат етілген ең көп саны осы. Басқасына жазылу үшін /mybookings арқылы біреуінен бас тартыңыз.",
         "Сізде {limit} белсенді жазылу бар, бір адамға рұқсат етілген ең көп саны осы. Басқасына жазылу үшін /mybookings арқылы біреуінен бас тартыңыз."),
        ("У вас уже {limit} активная запись — это максимум для одного человека. Отмените её в /mybookings, чтобы записаться на другую.",
         "У вас уже {limit} активные записи — это максимум для одного человека. Отмените одну из них в /mybookings, чтобы записаться на другую.",
         "У вас уже {limit} активных записей — это максимум для одного человека. Отмените одну из них в /mybookings, чтобы записаться на другую."),
    ),
    ("{booked} place is already booked: the number of places cannot be smaller.",
     "{booked} places are already booked: the number of places cannot be smaller."): (
        ("{booked} орынға жазылған: орын саны бұдан аз бола алмайды.",
         "{booked} орынға жазылған: орын саны бұдан аз бола алмайды."),
        ("Уже занято {booked} место: мест не может быть меньше.",
         "Уже занято {booked} места: мест не может быть меньше.",
         "Уже занято {booked} мест: мест не может быть меньше."),
    ),
    "This reception no longer exists. Please open the schedule again.": (
        "Бұл қабылдау енді жоқ. Кестені қайта ашыңыз.",
        "Этого приёма больше нет. Откройте, пожалуйста, расписание заново.",
    ),
    "This reception has been cancelled. Please choose another date.": (
        "Бұл қабылдау тоқтатылды. Басқа күнді таңдаңыз.",
        "Этот приём отменён. Выберите, пожалуйста, другую дату.",
    ),
    "Booking for this reception is closed: it starts in less than an hour or has already started. Please choose another date.": (
        "Бұл қабылдауға жазылу жабық: ол бір сағаттан кейін басталады немесе басталып кетті. Басқа күнді таңдаңыз.",
        "Запись на этот приём закрыта: он начинается меньше чем через час или уже начался. Выберите, пожалуйста, другую дату.",
    ),
    "Sorry, there are no free places left for this reception.": (
        "Кешіріңіз, бұл қабылдауға бос орын қалмады.",
        "К сожалению, свободных мест на этот приём не осталось.",
    ),
    "This time has just been taken. Please choose another time.": (
        "Бұл уақытты жаңа ғана басқа біреу алды. Басқа уақытты таңдаңыз.",
        "Это время только что заняли. Выберите, пожалуйста, другое.",
    ),
    "You are already booked for this reception. See /mybookings.": (
        "Сіз бұл қабылдауға жазылып қойғансыз. Қараңыз: /mybookings.",
        "Вы уже записаны на этот приём. Смотрите /mybookings.",
    ),
    "This offer is no longer valid.": ("Бұл ұсыныстың күші жойылды.", "Это предложение больше не действует."),
    "Sorry, the time to confirm this offer has passed, and the place went to the next person in line.": (
        "Кешіріңіз, ұсынысты растау уақыты өтіп кетті, орын кезектегі келесі адамға берілді.",
        "К сожалению, время на подтверждение истекло, и место перешло следующему в очереди.",
    ),
    "This booking is no longer active.": ("Бұл жазылу енді белсенді емес.", "Эта запись больше не действует."),
    "This reception has already started.": ("Бұл қабылдау басталып кетті.", "Этот приём уже начался."),
    "This is for branch staff only.": ("Бұл тек филиал қызметкерлеріне арналған.", "Это только для сотрудников филиала."),
    "This command is for branch staff only.": (
        "Бұл команда тек филиал қызметкерлеріне арналған.",
        "Эта команда только для сотрудников филиала.",
    ),
    "A place is free right now: you can book it directly.": (
        "Дәл қазір бос орын бар: оған бірден жазыла аласыз.",
        "Прямо сейчас есть свободное место: можно записаться сразу.",
    ),
    "The slot length cannot be changed once citizens have booked times.": (
        "Азаматтар уақытқа жазылып қойғаннан кейін бір адамға берілетін уақытты өзгертуге болмайды.",
        "Длительность слота нельзя менять, когда граждане уже записались на время.",
    ),
    "Sorry, this did not work. Please try again.": (
        "Кешіріңіз, бұл орындалмады. Қайталап көріңіз.",
        "К сожалению, не получилось. Попробуйте ещё раз.",
    ),
    "This does not look like a Kazakhstan phone number. Please type it as +7 7XX XXX XX XX or 8 7XX XXX XX XX, or tap «📱 Share my number».": (
        "Бұл Қазақстан телефон нөміріне ұқсамайды. Нөмірді +7 7XX XXX XX XX немесе 8 7XX XXX XX XX түрінде жазыңыз, не «📱 Нөмірімді жіберу» батырмасын басыңыз.",
        "Это не похоже на казахстанский номер телефона. Напишите его в виде +7 7XX XXX XX XX или 8 7XX XXX XX XX либо нажмите «📱 Отправить мой номер».",
    ),
    "The name is too short. Please type your first name and surname.": (
        "Аты-жөні тым қысқа. Атыңыз бен тегіңізді жазыңыз.",
        "Имя слишком короткое. Напишите, пожалуйста, имя и фамилию.",
    ),
    "The name is too long: at most {limit} characters, please.": (
        "Аты-жөні тым ұзын: {limit} таңбадан аспауы керек.",
        "Имя слишком длинное: не больше {limit} символов, пожалуйста.",
    ),
    "A name can contain only letters, spaces and hyphens. Please type your first name and surname.": (
        "Аты-жөнінде тек әріптер, бос орын және дефис болуы мүмкін. Атыңыз бен тегіңізді жазыңыз.",
        "Имя может содержать только буквы, пробелы и дефисы. Напишите, пожалуйста, имя и фамилию.",
    ),
    "Your text is {length} characters long; the limit is {limit}. Please shorten it.": (
        "Мәтініңіз {length} таңбадан тұрады, ал шегі — {limit}. Қысқартып жазыңыз.",
        "В вашем тексте {length} символов, а можно не больше {limit}. Сократите его, пожалуйста.",
    ),
    # -- staff --------------------------------------------------------------------------------------------
    "⏸ paused": ("⏸ тоқтатылған", "⏸ приостановлена"),
    "✅ open": ("✅ ашық", "✅ открыта"),
    "🛠 <b>Legal-help receptions: staff</b>\n\nSessions today and ahead: {count}. New bookings: {state}.": (
        "🛠 <b>Заң көмегі қабылдаулары: қызметкерлерге</b>\n\nБүгінгі және алдағы қабылдаулар: {count}. Жаңа жазылу: {state}.",
        "🛠 <b>Приёмы правовой помощи: для сотрудников</b>\n\nПриёмов сегодня и впереди: {count}. Новая запись: {state}.",
    ),
    "📅 Sessions": ("📅 Қабылдаулар", "📅 Приёмы"),
    "➕ Add a session": ("➕ Қабылдау қосу", "➕ Добавить приём"),
    "📥 Upload a CSV schedule": ("📥 CSV кестесін жүктеу", "📥 Загрузить расписание CSV"),
    "⏸ Pause new bookings": ("⏸ Жаңа жазылуды тоқтата тұру", "⏸ Приостановить новую запись"),
    "▶️ Resume bookings": ("▶️ Жазылуды қайта ашу", "▶️ Возобновить запись"),
    "No sessions ahead. Add one or upload a CSV schedule.": (
        "Алда қабылдау жоқ. Қабылдау қосыңыз немесе CSV кестесін жүктеңіз.",
        "Предстоящих приёмов нет. Добавьте приём или загрузите расписание CSV.",
    ),
    "📅 <b>Sessions</b>: date, time, venue, booked/places. Choose one:": (
        "📅 <b>Қабылдаулар</b>: күні, уақыты, өтетін жері, жазылғандар/орын саны. Біреуін таңдаңыз:",
        "📅 <b>Приёмы</b>: дата, время, место, записано/мест. Выберите приём:",
    ),
    "🗂 <b>Session #{id}</b>\n\n{details}\n\n👥 Booked: {booked} of {capacity}\n🕒 On the waitlist: {waiting}": (
        "🗂 <b>№{id} қабылдау</b>\n\n{details}\n\n👥 Жазылғандар: {capacity} орынның {booked}\n🕒 Күту тізімінде: {waiting}",
        "🗂 <b>Приём №{id}</b>\n\n{details}\n\n👥 Записано: {booked} из {capacity}\n🕒 В листе ожидания: {waiting}",
    ),
    "🚫 This session is cancelled.": ("🚫 Бұл қабылдау тоқтатылды.", "🚫 Этот приём отменён."),
    "👥 Citizens": ("👥 Азаматтар", "👥 Граждане"),
    "📄 Export CSV": ("📄 CSV-ге шығару", "📄 Выгрузить CSV"),
    "✏️ Edit": ("✏️ Өзгерту", "✏️ Изменить"),
    "🚫 Cancel the session": ("🚫 Қабылдауды тоқтату", "🚫 Отменить приём"),
    "🚫 Yes, cancel the session": ("🚫 Иә, қабылдауды тоқтату", "🚫 Да, отменить приём"),
    "⬅️ No": ("⬅️ Жоқ", "⬅️ Нет"),
    "👥 <b>Session #{id}</b>, {when}: {booked} of {capacity} booked": (
        "👥 <b>№{id} қабылдау</b>, {when}: {capacity} орынның {booked} орнына жазылған",
        "👥 <b>Приём №{id}</b>, {when}: записано {booked} из {capacity}",
    ),
    "Nobody has booked yet.": ("Әзірге ешкім жазылмаған.", "Пока никто не записался."),
    "✅ n: attended, 🚫 n: did not come. The full questions are in the CSV export.": (
        "✅ n: келді, 🚫 n: келмеді. Сұрақтардың толық мәтіні CSV файлында.",
        "✅ n: пришёл, 🚫 n: не пришёл. Полные тексты вопросов — в выгрузке CSV.",
    ),
    "🕓 booked": ("🕓 жазылған", "🕓 записан"),
    "✅ attended": ("✅ келді", "✅ пришёл"),
    "🚫 did not come": ("🚫 келмеді", "🚫 не пришёл"),
    "❌ cancelled": ("❌ бас тартылған", "❌ отменена"),
    "Booking code": ("Жазылу коды", "Код записи"),
    "Appointment time": ("Қабылдау уақыты", "Время приёма"),
    "Citizen's name": ("Азаматтың аты-жөні", "Имя гражданина"),
    "Phone number": ("Телефон нөмірі", "Номер телефона"),
    "Citizen's question": ("Азаматтың сұрағы", "Вопрос гражданина"),
    "Booking status": ("Жазылу мәртебесі", "Статус записи"),
    "Booked at": ("Жазылған уақыты", "Дата записи"),
    ("Session #{id}: {count} citizen", "Session #{id}: {count} citizens"): (
        ("№{id} қабылдау: {count} азамат", "№{id} қабылдау: {count} азамат"),
        ("Приём №{id}: {count} гражданин", "Приём №{id}: {count} гражданина", "Приём №{id}: {count} граждан"),
    ),
    "Cancel this session? {booked} booked citizens and {waiting} on the waitlist will get a notice in their language.\n\n{details}": (
        "Бұл қабылдауды тоқтатасыз ба? Жазылған {booked} азамат пен күту тізіміндегі {waiting} адам өз тілінде хабарлама алады.\n\n{details}",
        "Отменить этот приём? Записанные граждане ({booked}) и стоящие в листе ожидания ({waiting}) получат уведомление на своём языке.\n\n{details}",
    ),
    ("🚫 Session cancelled; a notice is being sent to {count} citizen.", "🚫 Session cancelled; notices are being sent to {count} citizens."): (
        ("🚫 Қабылдау тоқтатылды; {count} азаматқа хабарлама жіберіліп жатыр.", "🚫 Қабылдау тоқтатылды; {count} азаматқа хабарлама жіберіліп жатыр."),
        ("🚫 Приём отменён; уведомление отправляется {count} гражданину.", "🚫 Приём отменён; уведомления отправляются {count} гражданам.", "🚫 Приём отменён; уведомления отправляются {count} гражданам."),
    ),
    ("…and {count} more line.", "…and {count} more lines."): (
        ("…және тағы {count} жол.", "…және тағы {count} жол."),
        ("…и ещё {count} строка.", "…и ещё {count} строки.", "…и ещё {count} строк."),
    ),
    "⏸ New bookings are paused. Citizens see an explanation; bookings already made stay valid.": (
        "⏸ Жаңа жазылу тоқтатылды. Азаматтар түсіндірме көреді; бұрынғы жазылулар күшінде қалады.",
        "⏸ Новая запись приостановлена. Граждане видят пояснение; уже сделанные записи остаются в силе.",
    ),
    "▶️ Bookings are open again.": ("▶️ Жазылу қайта ашылды.", "▶️ Запись снова открыта."),
    "📥 <b>Upload a schedule</b>\n\nSend a CSV file (UTF-8 or Windows-1251, separated by commas or semicolons) with a header row and these columns:\n<code>{columns}</code>\n\n• date: DD.MM.YYYY or YYYY-MM-DD\n• start, end: HH:MM, Kyzylorda time\n• venue: {venues}\n• places (a number of places) or slot_minutes (timed slots): one of the two\n• specialist: the lawyer's name, may be empty\n• topic: {topics}\n\nEvery row is checked first: the whole file is added, or nothing if any row has a problem.": (
        "📥 <b>Кестені жүктеу</b>\n\nCSV файлын жіберіңіз (UTF-8 немесе Windows-1251, үтірмен не нүктелі үтірмен бөлінген), бірінші жолында мына бағандардың атаулары болсын:\n<code>{columns}</code>\n\n• date: КК.АА.ЖЖЖЖ немесе ЖЖЖЖ-АА-КК\n• start, end: СС:ММ, Қызылорда уақыты\n• venue: {venues}\n• places (орын саны) немесе slot_minutes (бір адамға берілетін минут): екеуінің біреуі\n• specialist: заңгердің аты-жөні, бос болуы мүмкін\n• topic: {topics}\n\nАлдымен әр жол тексеріледі: файл толығымен қосылады, ал бір жолда қате болса, ештеңе қосылмайды.",
        "📥 <b>Загрузка расписания</b>\n\nОтправьте файл CSV (UTF-8 или Windows-1251, через запятую или точку с запятой) со строкой заголовков и такими столбцами:\n<code>{columns}</code>\n\n• date: ДД.ММ.ГГГГ или ГГГГ-ММ-ДД\n• start, end: ЧЧ:ММ, время Кызылорды\n• venue: {venues}\n• places (число мест) или slot_minutes (минут на человека): одно из двух\n• specialist: имя юриста, можно оставить пустым\n• topic: {topics}\n\nСначала проверяется каждая строка: файл добавляется целиком, а если хоть в одной строке ошибка — не добавляется ничего.",
    ),
    "Please send the schedule as a .csv file.": (
        "Кестені .csv файлы түрінде жіберіңіз.",
        "Отправьте, пожалуйста, расписание файлом .csv.",
    ),
    "❌ Nothing was added: {problem}": ("❌ Ештеңе қосылмады: {problem}", "❌ Ничего не добавлено: {problem}"),
    "Line {row}: {problem}": ("{row}-жол: {problem}", "Строка {row}: {problem}"),
    ("❌ Nothing was added: {count} row has a problem. Fix it and send the whole file again.",
     "❌ Nothing was added: {count} rows have problems. Fix them and send the whole file again."): (
        ("❌ Ештеңе қосылмады: {count} жолда қате бар. Түзетіп, бүкіл файлды қайта жіберіңіз.",
         "❌ Ештеңе қосылмады: {count} жолда қате бар. Түзетіп, бүкіл файлды қайта жіберіңіз."),
        ("❌ Ничего не добавлено: ошибка в {count} строке. Исправьте её и отправьте весь файл снова.",
         "❌ Ничего не добавлено: ошибки в {count} строках. Исправьте их и отправьте весь файл снова.",
         "❌ Ничего не добавлено: ошибки в {count} строках. Исправьте их и отправьте весь файл снова."),
    ),
    ("✅ {count} session added from the file.", "✅ {count} sessions added from the file."): (
        ("✅ Файлдан {count} қабылдау қосылды.", "✅ Файлдан {count} қабылдау қосылды."),
        ("✅ Из файла добавлен {count} приём.", "✅ Из файла добавлено {count} приёма.", "✅ Из файла добавлено {count} приёмов."),
    ),
    "«{value}» is not a date. Type it as DD.MM.YYYY, for example 05.03.2025.": (
        "«{value}» — күн емес. КК.АА.ЖЖЖЖ түрінде жазыңыз, мысалы 05.03.2025.",
        "«{value}» — это не дата. Напишите в виде ДД.ММ.ГГГГ, например 05.03.2025.",
    ),
    "{value} is in the past. Please give a future date and time.": (
        "{value} өтіп кеткен уақыт. Алдағы күн мен уақытты көрсетіңіз.",
        "{value} — это уже прошлое. Укажите, пожалуйста, будущие дату и время.",
    ),
    "«{value}» is not a time. Type the start and end like 10:00-13:00.": (
        "«{value}» — уақыт емес. Басталу және аяқталу уақытын 10:00-13:00 түрінде жазыңыз.",
        "«{value}» — это не время. Напишите начало и конец в виде 10:00-13:00.",
    ),
    "The end must be later than the start: «{value}».": (
        "Аяқталу уақыты басталу уақытынан кеш болуы керек: «{value}».",
        "Конец должен быть позже начала: «{value}».",
    ),
    "Unknown venue «{value}». Use one of: {allowed}.": (
        "«{value}» деген өтетін жер белгісіз. Мыналардың бірін жазыңыз: {allowed}.",
        "Неизвестное место «{value}». Используйте одно из: {allowed}.",
    ),
    "Fill in either places or slot_minutes, not both.": (
        "places не slot_minutes бағанының біреуін ғана толтырыңыз, екеуін бірдей емес.",
        "Заполните либо places, либо slot_minutes, но не оба.",
    ),
    "Fill in places or slot_minutes.": (
        "places немесе slot_minutes бағанын толтырыңыз.",
        "Заполните places или slot_minutes.",
    ),
    "«{value}» is not a valid number of places: type a whole number from 1 to {limit}.": (
        "«{value}» — орын санына жарамайды: 1-ден {limit}-ге дейінгі бүтін сан жазыңыз.",
        "«{value}» — неверное число мест: укажите целое число от 1 до {limit}.",
    ),
    "«{value}» is not a valid slot length: type minutes from {low} to {high}.": (
        "«{value}» — бір адамға берілетін уақытқа жарамайды: {low}-ден {high}-ге дейінгі минут санын жазыңыз.",
        "«{value}» — неверная длительность слота: укажите от {low} до {high} минут.",
    ),
    "A {value}-minute slot does not fit into the session.": (
        "{value} минуттық уақыт қабылдау ұзақтығына сыймайды.",
        "Слот в {value} минут не помещается в приём.",
    ),
    "Unknown topic «{value}». Use one of: {allowed}.": (
        "«{value}» деген тақырып белгісіз. Мыналардың бірін жазыңыз: {allowed}.",
        "Неизвестная тема «{value}». Используйте одну из: {allowed}.",
    ),
    "The lawyer's name is too long: at most {limit} characters.": (
        "Заңгердің аты-жөні тым ұзын: {limit} таңбадан аспауы керек.",
        "Имя юриста слишком длинное: не больше {limit} символов.",
    ),
    "The same venue and start time as line {other}.": (
        "Өтетін жері мен басталу уақыты {other}-жолмен бірдей.",
        "То же место и время начала, что в строке {other}.",
    ),
    "This venue already has a session starting at that time.": (
        "Бұл жерде осы уақытта басталатын қабылдау бар.",
        "В этом месте уже есть приём, начинающийся в это время.",
    ),
    "The row has more cells than the header has columns.": (
        "Жолдағы ұяшықтар тақырып жолындағы бағандардан көп.",
        "В строке больше ячеек, чем столбцов в заголовке.",
    ),
    "The file is not a text CSV file. Save the table as «CSV UTF-8» and send it again.": (
        "Бұл мәтіндік CSV файлы емес. Кестені «CSV UTF-8» түрінде сақтап, қайта жіберіңіз.",
        "Это не текстовый файл CSV. Сохраните таблицу как «CSV UTF-8» и отправьте снова.",
    ),
    "The file is empty.": ("Файл бос.", "Файл пустой."),
    "The file has a header but no sessions.": (
        "Файлда тақырып жолы бар, бірақ қабылдаулар жоқ.",
        "В файле есть заголовок, но нет приёмов.",
    ),
    "The header row lacks the columns: {missing}. Expected columns: {expected}.": (
        "Тақырып жолында мына бағандар жоқ: {missing}. Қажетті бағандар: {expected}.",
        "В строке заголовков нет столбцов: {missing}. Нужные столбцы: {expected}.",
    ),
    "Unknown columns: {value}. Expected columns: {expected}.": (
        "Белгісіз бағандар: {value}. Қажетті бағандар: {expected}.",
        "Неизвестные столбцы: {value}. Нужные столбцы: {expected}.",
    ),
    "Too many rows: at most {limit} sessions in one file.": (
        "Жол тым көп: бір файлда {limit} қабылдаудан аспауы керек.",
        "Слишком много строк: не больше {limit} приёмов в одном файле.",
    ),
    "The file is too big: at most {limit} KB.": (
        "Файл тым үлкен: {limit} КБ-тан аспауы керек.",
        "Файл слишком большой: не больше {limit} КБ.",
    ),
    "The file is not valid CSV: {value}.": ("Файл дұрыс CSV емес: {value}.", "Файл не является корректным CSV: {value}."),
    # -- staff dialogues ----------------------------------------------------------------------------------
    "➕ <b>New session</b>\n\nChoose the venue:": (
        "➕ <b>Жаңа қабылдау</b>\n\nӨтетін жерді таңдаңыз:",
        "➕ <b>Новый приём</b>\n\nВыберите место:",
    ),
    "Type the date, for example 05.03.2025:": (
        "Күнін жазыңыз, мысалы 05.03.2025:",
        "Напишите дату, например 05.03.2025:",
    ),
    "Type the start and end time, for example 10:00-13:00:": (
        "Басталу және аяқталу уақытын жазыңыз, мысалы 10:00-13:00:",
        "Напишите время начала и конца, например 10:00-13:00:",
    ),
    "How do citizens book this session?": (
        "Азаматтар бұл қабылдауға қалай жазылады?",
        "Как граждане записываются на этот приём?",
    ),
    "👥 A number of places": ("👥 Орын саны бойынша", "👥 По числу мест"),
    "🕒 Timed slots": ("🕒 Белгілі уақытқа", "🕒 На определённое время"),
    "How many places? Type a number from 1 to 200:": (
        "Неше орын? 1-ден 200-ге дейінгі сан жазыңыз:",
        "Сколько мест? Напишите число от 1 до 200:",
    ),
    "How long is one slot, in minutes? For example 20:": (
        "Бір адамға неше минут беріледі? Мысалы, 20:",
        "Сколько минут на одного человека? Например, 20:",
    ),
    "Choose the topic:": ("Тақырыпты таңдаңыз:", "Выберите тему:"),
    "Type the lawyer's name, or press «⏭ Skip»:": (
        "Заңгердің аты-жөнін жазыңыз немесе «⏭ Өткізіп жіберу» батырмасын басыңыз:",
        "Напишите имя юриста или нажмите «⏭ Пропустить»:",
    ),
    "The new session was not saved. Start again: /receptions": (
        "Жаңа қабылдау сақталмады. Қайта бастаңыз: /receptions",
        "Новый приём не сохранён. Начните заново: /receptions",
    ),
    "Check the new session:\n\n{details}\n\n👥 Places: {capacity}\n\nSave it?": (
        "Жаңа қабылдауды тексеріңіз:\n\n{details}\n\n👥 Орын саны: {capacity}\n\nСақтайсыз ба?",
        "Проверьте новый приём:\n\n{details}\n\n👥 Мест: {capacity}\n\nСохранить?",
    ),
    "💾 Save": ("💾 Сақтау", "💾 Сохранить"),
    "The new session was not saved.": ("Жаңа қабылдау сақталмады.", "Новый приём не сохранён."),
    "✅ Session #{id} is saved.": ("✅ №{id} қабылдау сақталды.", "✅ Приём №{id} сохранён."),
    "✏️ What do you want to change?\n\n{details}": (
        "✏️ Нені өзгертесіз?\n\n{details}",
        "✏️ Что вы хотите изменить?\n\n{details}",
    ),
    "📅 Date": ("📅 Күні", "📅 Дата"),
    "🕒 Time": ("🕒 Уақыты", "🕒 Время"),
    "⏱ Slot length": ("⏱ Бір адамға берілетін уақыт", "⏱ Длительность слота"),
    "👥 Places": ("👥 Орын саны", "👥 Число мест"),
    "👤 Lawyer": ("👤 Заңгер", "👤 Юрист"),
    "🏷 Topic": ("🏷 Тақырып", "🏷 Тема"),
    "Type the new date, for example 05.03.2025. Booked citizens will be told.": (
        "Жаңа күнін жазыңыз, мысалы 05.03.2025. Жазылған азаматтарға хабарланады.",
        "Напишите новую дату, например 05.03.2025. Записанным гражданам придёт уведомление.",
    ),
    "Type the new start and end time, for example 10:00-13:00. Booked citizens will be told.": (
        "Жаңа басталу және аяқталу уақытын жазыңыз, мысалы 10:00-13:00. Жазылған азаматтарға хабарланады.",
        "Напишите новое время начала и конца, например 10:00-13:00. Записанным гражданам придёт уведомление.",
    ),
    "Type the new slot length in minutes:": (
        "Бір адамға берілетін жаңа уақытты минутпен жазыңыз:",
        "Напишите новую длительность слота в минутах:",
    ),
    "Type the new number of places:": ("Жаңа орын санын жазыңыз:", "Напишите новое число мест:"),
    "Type the lawyer's name (a single dash «-» removes it):": (
        "Заңгердің аты-жөнін жазыңыз (жалғыз «-» белгісі оны өшіреді):",
        "Напишите имя юриста (один дефис «-» удаляет его):",
    ),
    "✅ Saved.": ("✅ Сақталды.", "✅ Сохранено."),
    # -- outbox messages ----------------------------------------------------------------------------------
    "⏰ <b>Reminder: tomorrow you have a free legal consultation.</b>\n\n{details}\n\n{bring}\n\nIf you cannot come, please cancel the booking in /mybookings so that someone else can take the place.": (
        "⏰ <b>Еске салу: ертең сізде тегін заң кеңесі бар.</b>\n\n{details}\n\n{bring}\n\nКеле алмасаңыз, орынды басқа біреу ала алуы үшін /mybookings арқылы жазылудан бас тартыңыз.",
        "⏰ <b>Напоминание: завтра у вас бесплатная юридическая консультация.</b>\n\n{details}\n\n{bring}\n\nЕсли не сможете прийти, отмените, пожалуйста, запись в /mybookings, чтобы место досталось другому.",
    ),
    "⏰ <b>In two hours: your free legal consultation.</b>\n\n{details}\n\n{bring}": (
        "⏰ <b>Екі сағаттан кейін тегін заң кеңесіне барасыз.</b>\n\n{details}\n\n{bring}",
        "⏰ <b>Через два часа — ваша бесплатная юридическая консультация.</b>\n\n{details}\n\n{bring}",
    ),
    "🎉 <b>A place has become free for you!</b>\n\n{details}\n\nIt is held for you until {deadline}. Press «✅ Take the place» to book it; after that time it passes to the next person in line.": (
        "🎉 <b>Сізге орын босады!</b>\n\n{details}\n\nОрын сіз үшін {deadline} дейін сақталады. Жазылу үшін «✅ Орынды алу» батырмасын басыңыз; бұл уақыттан кейін орын кезектегі келесі адамға беріледі.",
        "🎉 <b>Для вас освободилось место!</b>\n\n{details}\n\nОно закреплено за вами до {deadline}. Нажмите «✅ Занять место», чтобы записаться; после этого времени место перейдёт следующему в очереди.",
    ),
    "The time to confirm the place offered to you has passed, so it went to the next person in line:\n\n{details}\n\nYou can choose another date in the «⚖️ Free legal help» menu.": (
        "Сізге ұсынылған орынды растау уақыты өтіп кетті, сондықтан ол кезектегі келесі адамға берілді:\n\n{details}\n\n«⚖️ Тегін заң көмегі» мәзірінен басқа күнді таңдай аласыз.",
        "Время на подтверждение предложенного вам места истекло, поэтому оно перешло следующему в очереди:\n\n{details}\n\nВы можете выбрать другую дату в меню «⚖️ Бесплатная юрпомощь».",
    ),
    "❗️ <b>We are sorry: this legal-help reception has been cancelled by the branch.</b>\n\n{details}\n\nPlease choose another date in the «⚖️ Free legal help» menu.": (
        "❗️ <b>Кешіріңіз: филиал бұл заң көмегі қабылдауын тоқтатты.</b>\n\n{details}\n\n«⚖️ Тегін заң көмегі» мәзірінен басқа күнді таңдаңыз.",
        "❗️ <b>Просим прощения: филиал отменил этот приём правовой помощи.</b>\n\n{details}\n\nВыберите, пожалуйста, другую дату в меню «⚖️ Бесплатная юрпомощь».",
    ),
    "❗️ <b>The reception you booked has been moved.</b> The new date and time:\n\n{details}\n\nIf the new time does not suit you, please cancel the booking in /mybookings.": (
        "❗️ <b>Сіз жазылған қабылдаудың уақыты ауыстырылды.</b> Жаңа күні мен уақыты:\n\n{details}\n\nЖаңа уақыт сізге ыңғайсыз болса, /mybookings арқылы жазылудан бас тартыңыз.",
        "❗️ <b>Приём, на который вы записаны, перенесён.</b> Новые дата и время:\n\n{details}\n\nЕсли новое время вам не подходит, отмените, пожалуйста, запись в /mybookings.",
    ),
}
