"""Kazakh and Russian texts of the public-reception appeals (issue 4).

Applied with: .venv/bin/python scripts/fill_translations.py scripts/translations/appeals.py
"""

T = {
    # ----- commands, refusals ------------------------------------------------------------------------------
    "My appeals to the public reception": (
        "Қоғамдық қабылдау бөлмесіне жолдаған өтініштерім",
        "Мои обращения в общественную приёмную",
    ),
    "Sorry, filing new appeals through the bot is not available to you. You can visit the public reception of "
    "the party branch in person.": (
        "Кешіріңіз, бот арқылы жаңа өтініш жолдау сізге қолжетімді емес. Партия филиалының қоғамдық қабылдау "
        "бөлмесіне өзіңіз келе аласыз.",
        "К сожалению, подача новых обращений через бот для вас недоступна. Вы можете лично прийти в "
        "общественную приёмную филиала партии.",
    ),
    "You have already sent {limit} appeals today, the daily limit. Please write again tomorrow; to add details "
    "to an appeal you already sent, open it in /myappeals.": (
        "Сіз бүгін {limit} өтініш жолдадыңыз, бұл — бір күнгі шек. Ертең қайта жазыңыз; жолдаған өтінішіңізге "
        "толықтыру қосу үшін оны /myappeals арқылы ашыңыз.",
        "Сегодня вы уже отправили {limit} обращения — это дневной лимит. Пожалуйста, напишите завтра; чтобы "
        "дополнить уже отправленное обращение, откройте его в /myappeals.",
    ),
    "The appeal text is empty. Please describe your question or problem in words.": (
        "Өтініш мәтіні бос. Сұрағыңызды немесе мәселеңізді сөзбен сипаттап жазыңыз.",
        "Текст обращения пустой. Пожалуйста, опишите ваш вопрос или проблему словами.",
    ),
    "This is too short to understand the problem ({length} characters). Please write at least {min} characters: "
    "what happened, where and since when.": (
        "Мәселені түсіну үшін бұл тым қысқа ({length} таңба). Кемінде {min} таңба жазыңыз: не болды, қайда және "
        "қашаннан бері.",
        "Это слишком коротко, чтобы понять проблему ({length} симв.). Напишите хотя бы {min} символов: что "
        "случилось, где и с какого времени.",
    ),
    "This is too long ({length} characters): an appeal can have at most {max} characters. Please shorten it, or "
    "send the main part now and the rest later as an addition in /myappeals.": (
        "Бұл тым ұзын ({length} таңба): өтініште ең көбі {max} таңба болады. Қысқартыңыз немесе негізгі бөлігін "
        "қазір жолдап, қалғанын кейін /myappeals арқылы толықтыру ретінде жіберіңіз.",
        "Это слишком длинно ({length} симв.): в обращении может быть не более {max} символов. Сократите текст "
        "или отправьте главное сейчас, а остальное — позже как дополнение в /myappeals.",
    ),
    "I cannot accept stickers, voice or video messages here. Please write in text; photos and documents can be "
    "attached at the files step.": (
        "Мұнда стикер, дауыстық немесе бейнехабарлама қабылдай алмаймын. Мәтінмен жазыңыз; фото мен құжаттарды "
        "файлдар қадамында тіркеуге болады.",
        "Здесь я не могу принять стикеры, голосовые или видеосообщения. Пожалуйста, напишите текстом; фото и "
        "документы можно приложить на шаге с файлами.",
    ),
    "This is a forwarded message. An appeal must be in your own words: please write what happened and what you "
    "ask for (you may copy the text in if it is yours).": (
        "Бұл — қайта жіберілген хабарлама. Өтініш өз сөзіңізбен жазылуы керек: не болғанын және не сұрайтыныңызды "
        "жазыңыз (мәтін өзіңіздікі болса, оны көшіріп қоюға болады).",
        "Это пересланное сообщение. Обращение должно быть написано вашими словами: опишите, что случилось и о чём "
        "вы просите (если текст ваш, его можно скопировать и вставить).",
    ),
    # ----- the form ----------------------------------------------------------------------------------------
    "📝 <b>Appeal</b>\n\nStep 1. Choose the category of your question:": (
        "📝 <b>Өтініш</b>\n\n1-қадам. Сұрағыңыздың санатын таңдаңыз:",
        "📝 <b>Обращение</b>\n\nШаг 1. Выберите категорию вашего вопроса:",
    ),
    "Step 2. Choose your district or city:": (
        "2-қадам. Ауданыңызды немесе қалаңызды таңдаңыз:",
        "Шаг 2. Выберите ваш район или город:",
    ),
    "Step 3. Describe your question or problem in your own words: what happened, where, since when, what you "
    "ask for. From {min} to {max} characters.": (
        "3-қадам. Сұрағыңызды немесе мәселеңізді өз сөзіңізбен сипаттаңыз: не болды, қайда, қашаннан бері, не "
        "сұрайсыз. {min} таңбадан {max} таңбаға дейін.",
        "Шаг 3. Опишите ваш вопрос или проблему своими словами: что случилось, где, с какого времени, о чём вы "
        "просите. От {min} до {max} символов.",
    ),
    "Or use the question you asked me:": (
        "Немесе маған қойған сұрағыңызды пайдаланыңыз:",
        "Или используйте вопрос, который вы мне задали:",
    ),
    "Step 4. You can attach up to {max} photos or documents (for example, a photo of the problem or a copy of a "
    "letter). Attached: {count}.": (
        "4-қадам. {max} фото немесе құжатқа дейін тіркей аласыз (мысалы, мәселенің фотосы немесе хаттың "
        "көшірмесі). Тіркелгені: {count}.",
        "Шаг 4. Можно приложить до {max} фото или документов (например, фото проблемы или копию письма). "
        "Приложено: {count}.",
    ),
    "To answer your appeal, the public reception needs your name and phone number.": (
        "Өтінішіңізге жауап беру үшін қоғамдық қабылдау бөлмесіне атыңыз бен телефон нөміріңіз қажет.",
        "Чтобы ответить на ваше обращение, общественной приёмной нужны ваши имя и номер телефона.",
    ),
    "Understood. Without your consent the public reception cannot take your appeal, so it was not sent and "
    "nothing has been saved. You are always welcome at the party's public reception in person.": (
        "Түсіндім. Келісіміңізсіз қоғамдық қабылдау бөлмесі өтінішіңізді қабылдай алмайды, сондықтан ол "
        "жіберілген жоқ және ештеңе сақталған жоқ. Партияның қоғамдық қабылдау бөлмесіне өзіңіз кез келген "
        "уақытта келе аласыз.",
        "Понятно. Без вашего согласия общественная приёмная не может принять ваше обращение, поэтому оно не "
        "отправлено и ничего не сохранено. Вы всегда можете прийти в общественную приёмную партии лично.",
    ),
    "Step 5. Your name and surname (how staff should address you):": (
        "5-қадам. Атыңыз бен тегіңіз (қызметкерлер сізге қалай жүгінуі керек):",
        "Шаг 5. Ваши имя и фамилия (как сотрудникам к вам обращаться):",
    ),
    "Step 6. Your phone number for contact: press «{button}» below or type it, for example +7 701 234 56 78.": (
        "6-қадам. Байланыс телефоныңыз: төмендегі «{button}» батырмасын басыңыз немесе нөмірді жазыңыз, мысалы "
        "+7 701 234 56 78.",
        "Шаг 6. Ваш контактный телефон: нажмите «{button}» ниже или введите номер, например +7 701 234 56 78.",
    ),
    "Step 7 (optional). Your address, if it matters for the appeal (village, street, house):": (
        "7-қадам (міндетті емес). Өтінішке қатысты болса, мекенжайыңыз (ауыл, көше, үй):",
        "Шаг 7 (необязательно). Ваш адрес, если он важен для обращения (село, улица, дом):",
    ),
    "📝 <b>Please check your appeal</b>": (
        "📝 <b>Өтінішіңізді тексеріңіз</b>",
        "📝 <b>Проверьте ваше обращение</b>",
    ),
    "Category: {value}": ("Санаты: {value}", "Категория: {value}"),
    "District: {value}": ("Ауданы: {value}", "Район: {value}"),
    "Name: {value}": ("Аты-жөні: {value}", "Имя: {value}"),
    "Phone: {value}": ("Телефоны: {value}", "Телефон: {value}"),
    "Address: {value}": ("Мекенжайы: {value}", "Адрес: {value}"),
    "Files: {value}": ("Файлдар: {value}", "Файлы: {value}"),
    "You have not sent any appeals yet.": (
        "Сіз әлі бірде-бір өтініш жолдаған жоқсыз.",
        "Вы ещё не отправляли обращений.",
    ),
    "📋 <b>Your appeals</b>\n\nOpen one to see its history, to add a message or to rate the answer:": (
        "📋 <b>Сіздің өтініштеріңіз</b>\n\nТарихын көру, хабарлама қосу немесе жауапты бағалау үшін өтінішті "
        "ашыңыз:",
        "📋 <b>Ваши обращения</b>\n\nОткройте обращение, чтобы увидеть его историю, добавить сообщение или "
        "оценить ответ:",
    ),
    "This command is for the reception staff only. Your own appeals: /myappeals": (
        "Бұл пәрмен тек қабылдау бөлмесінің қызметкерлеріне арналған. Өз өтініштеріңіз: /myappeals",
        "Эта команда только для сотрудников приёмной. Ваши обращения: /myappeals",
    ),
    "📝 <b>Public reception of the AMANAT Kyzylorda regional branch</b>\n\nWrite to us about a problem or a "
    "question: housing, utilities and gas, land, roads, social support, health, education, work, a legal "
    "question.\n\nHow it works:\n1. You fill in a short form: category, district, the text, photos or documents "
    "if needed, your name and phone.\n2. You get a ticket number at once; the reception staff see your appeal "
    "immediately.\n3. Staff answer you here, in the bot; you see every change of status in /myappeals.\n\nAn "
    "answer takes up to {days} (weekends and public holidays are not counted): an appeal sent today is answered "
    "by {due}.": (
        "📝 <b>AMANAT партиясы Қызылорда облыстық филиалының қоғамдық қабылдау бөлмесі</b>\n\nМәселеңіз немесе "
        "сұрағыңыз туралы жазыңыз: тұрғын үй, коммуналдық қызметтер мен газ, жер, жол, әлеуметтік көмек, "
        "денсаулық сақтау, білім беру, жұмыс, құқықтық мәселе.\n\nҚалай жұмыс істейді:\n1. Қысқа форманы "
        "толтырасыз: санаты, ауданы, мәтіні, қажет болса фото немесе құжаттар, атыңыз бен телефоныңыз.\n"
        "2. Бірден өтініш нөмірін аласыз; қабылдау бөлмесінің қызметкерлері өтінішіңізді сол сәтте көреді.\n"
        "3. Қызметкерлер сізге осы жерде, ботта жауап береді; мәртебенің әр өзгерісін /myappeals арқылы "
        "көресіз.\n\nЖауап беру мерзімі — {days} (демалыс және мереке күндері есептелмейді): бүгін "
        "жолданған өтінішке {due} дейін жауап беріледі.",
        "📝 <b>Общественная приёмная Кызылординского областного филиала партии AMANAT</b>\n\nНапишите нам о "
        "проблеме или вопросе: жильё, коммунальные услуги и газ, земля, дороги, социальная поддержка, "
        "здравоохранение, образование, работа, юридический вопрос.\n\nКак это работает:\n1. Вы заполняете "
        "короткую форму: категория, район, текст, при необходимости фото или документы, имя и телефон.\n"
        "2. Сразу получаете номер обращения; сотрудники приёмной видят обращение в тот же момент.\n"
        "3. Сотрудники отвечают вам здесь, в боте; каждое изменение статуса видно в /myappeals.\n\nСрок ответа — "
        "{days} (выходные и праздничные дни не считаются): на обращение, отправленное сегодня, ответят до "
        "{due}.",
    ),
    "The appeal was cancelled; nothing was sent.": (
        "Өтініш жолдау тоқтатылды; ештеңе жіберілген жоқ.",
        "Обращение отменено; ничего не отправлено.",
    ),
    "Files removed": ("Файлдар өшірілді", "Файлы удалены"),
    "Thank you": ("Рақмет", "Спасибо"),
    "What would you like to change?": ("Нені өзгерткіңіз келеді?", "Что вы хотите изменить?"),
    "This step is already behind you. Please continue with the latest message, or start again: /menu": (
        "Бұл қадам өтіп кетті. Соңғы хабарламадан жалғастырыңыз немесе қайта бастаңыз: /menu",
        "Этот шаг уже пройден. Продолжите с последнего сообщения или начните заново: /menu",
    ),
    "📎 File saved. Now please describe your appeal in words, from {min} to {max} characters.": (
        "📎 Файл сақталды. Енді өтінішіңізді сөзбен сипаттаңыз, {min} таңбадан {max} таңбаға дейін.",
        "📎 Файл сохранён. Теперь опишите обращение словами, от {min} до {max} символов.",
    ),
    "Send a photo or a document, or press «Done». You can change the text at the review step.": (
        "Фото немесе құжат жіберіңіз не «Дайын» батырмасын басыңыз. Мәтінді тексеру қадамында өзгертуге болады.",
        "Отправьте фото или документ либо нажмите «Готово». Текст можно изменить на шаге проверки.",
    ),
    "Only photos and documents can be attached.": (
        "Тек фото мен құжаттарды тіркеуге болады.",
        "Приложить можно только фото и документы.",
    ),
    "You have already attached {max} files, the most an appeal can have. Press «Done».": (
        "Сіз {max} файл тіркедіңіз, бұл — бір өтініштегі ең көп саны. «Дайын» батырмасын басыңыз.",
        "Вы уже приложили {max} файлов — это максимум для одного обращения. Нажмите «Готово».",
    ),
    "📎 Attached: {count} of {max}.": ("📎 Тіркелген файлдар: {count} (ең көбі {max}).", "📎 Приложено: {count} из {max}."),
    "This is too long for a name. Please write just your name and surname.": (
        "Аты-жөн үшін бұл тым ұзын. Тек атыңыз бен тегіңізді жазыңыз.",
        "Для имени это слишком длинно. Напишите только имя и фамилию.",
    ),
    "Please write your name and surname in letters, for example: Айгүл Сейітова.": (
        "Атыңыз бен тегіңізді әріптермен жазыңыз, мысалы: Айгүл Сейітова.",
        "Напишите имя и фамилию буквами, например: Айгуль Сеитова.",
    ),
    "Please share your own number with the button below, or type it.": (
        "Төмендегі батырма арқылы өз нөміріңізді жіберіңіз немесе оны жазыңыз.",
        "Отправьте, пожалуйста, свой собственный номер кнопкой ниже или напишите его.",
    ),
    "This does not look like a Kazakhstan phone number. Please type it as +7 7XX XXX XX XX or 8 7XX XXX XX XX "
    "(10 digits after +7), or press «{button}».": (
        "Бұл Қазақстан телефон нөміріне ұқсамайды. Нөмірді +7 7XX XXX XX XX немесе 8 7XX XXX XX XX түрінде "
        "жазыңыз (+7-ден кейін 10 цифр) немесе «{button}» батырмасын басыңыз.",
        "Это не похоже на казахстанский номер телефона. Введите его как +7 7XX XXX XX XX или 8 7XX XXX XX XX "
        "(10 цифр после +7) либо нажмите «{button}».",
    ),
    "✅ Phone number saved: {phone}": ("✅ Телефон нөмірі сақталды: {phone}", "✅ Номер телефона сохранён: {phone}"),
    "Please type the address in text, or press «Skip».": (
        "Мекенжайды мәтінмен жазыңыз немесе «Өткізіп жіберу» батырмасын басыңыз.",
        "Введите адрес текстом или нажмите «Пропустить».",
    ),
    "The address is too long: at most {max} characters, please.": (
        "Мекенжай тым ұзын: ең көбі {max} таңба болсын.",
        "Адрес слишком длинный: не более {max} символов, пожалуйста.",
    ),
    "Please use the buttons of this step (or ❌ Cancel).": (
        "Осы қадамның батырмаларын пайдаланыңыз (немесе ❌ Бас тарту).",
        "Пожалуйста, воспользуйтесь кнопками этого шага (или ❌ Отмена).",
    ),
    "This appeal has already been sent: {ticket}": (
        "Бұл өтініш жіберіліп қойған: {ticket}",
        "Это обращение уже отправлено: {ticket}",
    ),
    "Some answers of the form are missing. Please check them:": (
        "Форманың кейбір жауаптары жетіспейді. Тексеріп шығыңыз:",
        "В форме не хватает некоторых ответов. Пожалуйста, проверьте:",
    ),
    "Your form is kept: press «Submit» again tomorrow.": (
        "Формаңыз сақталды: ертең «Жіберу» батырмасын қайта басыңыз.",
        "Ваша форма сохранена: нажмите «Отправить» ещё раз завтра.",
    ),
    "Sent": ("Жіберілді", "Отправлено"),
    "Appeal not found.": ("Өтініш табылмады.", "Обращение не найдено."),
    "This appeal is closed; you can send a new one.": (
        "Бұл өтініш жабылған; жаңа өтініш жолдай аласыз.",
        "Это обращение закрыто; вы можете отправить новое.",
    ),
    "Write your message to appeal {ticket}; you can also send a photo or a document. To cancel: /cancel": (
        "{ticket} өтінішіне хабарламаңызды жазыңыз; фото немесе құжат та жіберуге болады. Бас тарту: /cancel",
        "Напишите сообщение к обращению {ticket}; можно также отправить фото или документ. Отмена: /cancel",
    ),
    "✅ Added to appeal {ticket}; the reception staff will see it.": (
        "✅ {ticket} өтінішіне қосылды; қабылдау бөлмесінің қызметкерлері оны көреді.",
        "✅ Добавлено к обращению {ticket}; сотрудники приёмной его увидят.",
    ),
    "This appeal cannot be rated now.": (
        "Бұл өтінішті қазір бағалау мүмкін емес.",
        "Это обращение сейчас нельзя оценить.",
    ),
    "How satisfied are you with how appeal {ticket} was handled? 1 star is bad, 5 is excellent.": (
        "{ticket} өтінішінің қаралуына қаншалықты ризасыз? 1 жұлдыз — нашар, 5 — өте жақсы.",
        "Насколько вы довольны тем, как рассмотрено обращение {ticket}? 1 звезда — плохо, 5 — отлично.",
    ),
    "Thank you for the rating! If you wish, write a comment: what was good, what could be better.": (
        "Бағаңызға рақмет! Қаласаңыз, пікір жазыңыз: не жақсы болды, нені жақсартуға болады.",
        "Спасибо за оценку! Если хотите, напишите комментарий: что было хорошо, что можно улучшить.",
    ),
    "⭐ <b>{ticket}</b>: the citizen rated the answer {score} of 5": (
        "⭐ <b>{ticket}</b>: азамат жауапты 5 ұпайдың {score} ұпайына бағалады",
        "⭐ <b>{ticket}</b>: гражданин оценил ответ на {score} из 5",
    ),
    "Thank you! Your rating has been saved.": ("Рақмет! Бағаңыз сақталды.", "Спасибо! Ваша оценка сохранена."),
    "Please write the comment in text, or press «No comment».": (
        "Пікірді мәтінмен жазыңыз немесе «Пікірсіз» батырмасын басыңыз.",
        "Напишите комментарий текстом или нажмите «Без комментария».",
    ),
    "The comment is too long: at most 1000 characters, please.": (
        "Пікір тым ұзын: ең көбі 1000 таңба болсын.",
        "Комментарий слишком длинный: не более 1000 символов, пожалуйста.",
    ),
    "Thank you! Your rating and comment have been saved.": (
        "Рақмет! Бағаңыз бен пікіріңіз сақталды.",
        "Спасибо! Ваша оценка и комментарий сохранены.",
    ),
    "⭐ <b>{ticket}</b>: the citizen's comment on the answer": (
        "⭐ <b>{ticket}</b>: азаматтың жауапқа қатысты пікірі",
        "⭐ <b>{ticket}</b>: комментарий гражданина к ответу",
    ),
    "This button is for the reception staff only.": (
        "Бұл батырма тек қабылдау бөлмесінің қызметкерлеріне арналған.",
        "Эта кнопка только для сотрудников приёмной.",
    ),
    # ----- digest ------------------------------------------------------------------------------------------
    "🗓 <b>Appeals digest, {day}</b>": ("🗓 <b>Өтініштер шолуы, {day}</b>", "🗓 <b>Сводка обращений, {day}</b>"),
    "⏰ <b>Overdue: {n}</b>": ("⏰ <b>Мерзімі өткен: {n}</b>", "⏰ <b>Просрочено: {n}</b>"),
    "⌛ <b>Due within {days}: {n}</b>": (
        "⌛ <b>{days} ішінде мерзімі бітетіні: {n}</b>",
        "⌛ <b>Срок наступает в ближайшие {days}: {n}</b>",
    ),
    "All open appeals: /appeals": ("Барлық ашық өтініштер: /appeals", "Все открытые обращения: /appeals"),
    # ----- buttons -----------------------------------------------------------------------------------------
    "📱 Share my phone number": ("📱 Телефон нөмірімді жіберу", "📱 Отправить мой номер"),
    "❌ Cancel the appeal": ("❌ Өтініштен бас тарту", "❌ Отменить обращение"),
    "Category": ("Санаты", "Категория"),
    "District": ("Ауданы", "Район"),
    "Text": ("Мәтіні", "Текст"),
    "Files": ("Файлдар", "Файлы"),
    "Name": ("Аты-жөні", "Имя"),
    "Phone": ("Телефоны", "Телефон"),
    "Address": ("Мекенжайы", "Адрес"),
    "❌ Cancel": ("❌ Бас тарту", "❌ Отмена"),
    "✍️ Write an appeal": ("✍️ Өтініш жазу", "✍️ Написать обращение"),
    "📋 My appeals": ("📋 Менің өтініштерім", "📋 Мои обращения"),
    "✅ Use this text": ("✅ Осы мәтінді пайдалану", "✅ Использовать этот текст"),
    "➡️ Done": ("➡️ Дайын", "➡️ Готово"),
    "🗑 Remove the files": ("🗑 Файлдарды өшіру", "🗑 Удалить файлы"),
    "➡️ Skip: no files": ("➡️ Файлсыз жалғастыру", "➡️ Пропустить: без файлов"),
    "✅ I agree": ("✅ Келісемін", "✅ Даю согласие"),
    "➡️ Skip": ("➡️ Өткізіп жіберу", "➡️ Пропустить"),
    "✅ Submit": ("✅ Жіберу", "✅ Отправить"),
    "✏️ Edit": ("✏️ Өзгерту", "✏️ Изменить"),
    "⬅️ Back to the review": ("⬅️ Тексеруге оралу", "⬅️ Назад к проверке"),
    "✍️ Add a message": ("✍️ Хабарлама қосу", "✍️ Добавить сообщение"),
    "⭐ Rate the answer": ("⭐ Жауапты бағалау", "⭐ Оценить ответ"),
    "⬅️ My appeals": ("⬅️ Менің өтініштерім", "⬅️ Мои обращения"),
    "✍️ Reply": ("✍️ Жауап жазу", "✍️ Ответить"),
    "➡️ No comment": ("➡️ Пікірсіз", "➡️ Без комментария"),
    "🙋 Take": ("🙋 Өзіме алу", "🙋 Взять себе"),
    "💬 Reply": ("💬 Жауап беру", "💬 Ответить"),
    "Status ▾": ("Мәртебесі ▾", "Статус ▾"),
    "Category ▾": ("Санаты ▾", "Категория ▾"),
    "District ▾": ("Ауданы ▾", "Район ▾"),
    "⏰ Overdue only: on": ("⏰ Тек мерзімі өткендер: қосулы", "⏰ Только просроченные: вкл."),
    "⏰ Overdue only: off": ("⏰ Тек мерзімі өткендер: өшірулі", "⏰ Только просроченные: выкл."),
    "All open": ("Барлық ашықтары", "Все открытые"),
    "All categories": ("Барлық санаттар", "Все категории"),
    "All districts": ("Барлық аудандар", "Все районы"),
    # ----- the staff chat ----------------------------------------------------------------------------------
    "✍️ <b>{ticket}</b>: the citizen adds": (
        "✍️ <b>{ticket}</b>: азамат толықтырады",
        "✍️ <b>{ticket}</b>: гражданин дополняет",
    ),
    "⛔ Write the reason for rejecting appeal {ticket} as a reply to this message. The citizen will see it.": (
        "⛔ {ticket} өтінішінің қабылданбау себебін осы хабарламаға жауап ретінде жазыңыз. Азамат оны көреді.",
        "⛔ Напишите причину отклонения обращения {ticket} ответом на это сообщение. Гражданин её увидит.",
    ),
    "📤 Write which state body appeal {ticket} is forwarded to, as a reply to this message. The citizen will see "
    "it.": (
        "📤 {ticket} өтініші қай мемлекеттік органға жолданғанын осы хабарламаға жауап ретінде жазыңыз. Азамат "
        "оны көреді.",
        "📤 Напишите, в какой госорган направлено обращение {ticket}, ответом на это сообщение. Гражданин это "
        "увидит.",
    ),
    "💬 Write the answer to appeal {ticket} as a reply to this message: text, a photo or a document. The citizen "
    "will receive it in the bot.": (
        "💬 {ticket} өтінішіне жауапты осы хабарламаға жауап ретінде жазыңыз: мәтін, фото немесе құжат. Азамат оны "
        "ботта алады.",
        "💬 Напишите ответ на обращение {ticket} ответом на это сообщение: текст, фото или документ. Гражданин "
        "получит его в боте.",
    ),
    "Reply to {ticket}": ("{ticket} өтінішіне жауап", "Ответ на {ticket}"),
    "🔔 Your appeal <b>{ticket}</b> has been taken into work by the reception staff. Status: {status}.": (
        "🔔 <b>{ticket}</b> өтінішіңізді қабылдау бөлмесінің қызметкерлері жұмысқа алды. Мәртебесі: {status}.",
        "🔔 Ваше обращение <b>{ticket}</b> взято в работу сотрудниками приёмной. Статус: {status}.",
    ),
    "🔔 Appeal <b>{ticket}</b>: the status is now «{status}».": (
        "🔔 <b>{ticket}</b> өтініші: жаңа мәртебесі — «{status}».",
        "🔔 Обращение <b>{ticket}</b>: новый статус — «{status}».",
    ),
    "Reason: {note}": ("Себебі: {note}", "Причина: {note}"),
    "Forwarded to: {note}": ("Жолданған орган: {note}", "Направлено в: {note}"),
    "Please rate how your appeal was handled: it helps us work better.": (
        "Өтінішіңіздің қалай қаралғанын бағалаңыз: бұл бізге жақсырақ жұмыс істеуге көмектеседі.",
        "Пожалуйста, оцените, как было рассмотрено ваше обращение: это помогает нам работать лучше.",
    ),
    "💬 <b>Answer on your appeal {ticket}</b>": (
        "💬 <b>{ticket} өтінішіңізге жауап</b>",
        "💬 <b>Ответ на ваше обращение {ticket}</b>",
    ),
    "Appeal {ticket}": ("{ticket} өтініші", "Обращение {ticket}"),
    "The appeal is yours": ("Өтініш сізге бекітілді", "Обращение закреплено за вами"),
    "You have already taken this appeal": ("Бұл өтінішті сіз алғансыз", "Вы уже взяли это обращение"),
    "This appeal cannot be changed any more.": (
        "Бұл өтінішті енді өзгерту мүмкін емес.",
        "Это обращение больше нельзя изменить.",
    ),
    "Please write it in text.": ("Мәтінмен жазыңыз.", "Пожалуйста, напишите текстом."),
    "✅ {ticket}: {status}. The citizen has been told.": (
        "✅ {ticket}: {status}. Азаматқа хабарланды.",
        "✅ {ticket}: {status}. Гражданин уведомлён.",
    ),
    "Only text, photos and documents reach the citizen.": (
        "Азаматқа тек мәтін, фото және құжаттар жеткізіледі.",
        "Гражданину доставляются только текст, фото и документы.",
    ),
    "The citizen of {ticket} has asked to erase their data; the answer cannot be delivered.": (
        "{ticket} өтінішінің иесі деректерін өшіруді сұраған; жауапты жеткізу мүмкін емес.",
        "Автор обращения {ticket} попросил удалить свои данные; ответ доставить нельзя.",
    ),
    "✅ Sent to the citizen ({ticket}).": ("✅ Азаматқа жіберілді ({ticket}).", "✅ Отправлено гражданину ({ticket})."),
    "⚠️ Saved in {ticket}, but the citizen could not be reached (they may have blocked the bot).": (
        "⚠️ {ticket} өтінішінде сақталды, бірақ азаматқа жеткізу мүмкін болмады (ол ботты бұғаттаған болуы "
        "мүмкін).",
        "⚠️ Сохранено в {ticket}, но доставить гражданину не удалось (возможно, он заблокировал бот).",
    ),
    "📋 <b>Open appeals: {total}</b>": ("📋 <b>Ашық өтініштер: {total}</b>", "📋 <b>Открытые обращения: {total}</b>"),
    "Status: {value}": ("Мәртебесі: {value}", "Статус: {value}"),
    "all open": ("барлық ашықтары", "все открытые"),
    "all": ("барлығы", "все"),
    "Only overdue": ("Тек мерзімі өткендер", "Только просроченные"),
    "Nothing matches these filters.": ("Бұл сүзгілерге сәйкес ештеңе жоқ.", "По этим фильтрам ничего нет."),
    "Appeal not found. Usage: /appeal A-2025-00042": (
        "Өтініш табылмады. Қолданылуы: /appeal A-2025-00042",
        "Обращение не найдено. Использование: /appeal A-2025-00042",
    ),
    # ----- export ------------------------------------------------------------------------------------------
    "Ticket": ("Нөмірі", "Номер"),
    "Submitted": ("Жолданған уақыты", "Подано"),
    "Status": ("Мәртебесі", "Статус"),
    "Taken by (Telegram id)": ("Орындаушы (Telegram id)", "Исполнитель (Telegram id)"),
    "Answer due": ("Жауап мерзімі", "Срок ответа"),
    "Closed": ("Жабылған уақыты", "Закрыто"),
    "Overdue": ("Мерзімі өткен", "Просрочено"),
    "Rating": ("Бағасы", "Оценка"),
    "Rating comment": ("Баға туралы пікір", "Комментарий к оценке"),
    "Source": ("Көзі", "Источник"),
    "yes": ("иә", "да"),
    "no": ("жоқ", "нет"),
    "unanswered question": ("жауапсыз қалған сұрақ", "вопрос без ответа"),
    "form": ("форма", "форма"),
    "Usage: /appeals_export 2025-03-01 2025-03-31 (or 01.03.2025 31.03.2025); without dates, the current month.": (
        "Қолданылуы: /appeals_export 2025-03-01 2025-03-31 (немесе 01.03.2025 31.03.2025); күнсіз — ағымдағы ай.",
        "Использование: /appeals_export 2025-03-01 2025-03-31 (или 01.03.2025 31.03.2025); без дат — текущий "
        "месяц.",
    ),
    "Appeals submitted from {start} to {end}: {n}": (
        "{start} мен {end} аралығында жолданған өтініштер: {n}",
        "Обращения, поданные с {start} по {end}: {n}",
    ),
    "Usage: /appeal_block A-2025-00042 (the reason may follow) or /appeal_block 123456789 (a Telegram id); "
    "/appeal_unblock the same way.": (
        "Қолданылуы: /appeal_block A-2025-00042 (артынан себебін жазуға болады) немесе /appeal_block 123456789 "
        "(Telegram id); /appeal_unblock та солай.",
        "Использование: /appeal_block A-2025-00042 (после можно указать причину) или /appeal_block 123456789 "
        "(Telegram id); /appeal_unblock — так же.",
    ),
    "🚫 Citizen {id} can no longer file appeals.": (
        "🚫 {id} азаматы енді өтініш жолдай алмайды.",
        "🚫 Гражданин {id} больше не может подавать обращения.",
    ),
    "Citizen {id} was already blocked.": ("{id} азаматы бұған дейін бұғатталған.", "Гражданин {id} уже заблокирован."),
    "✅ Citizen {id} can file appeals again.": (
        "✅ {id} азаматы қайтадан өтініш жолдай алады.",
        "✅ Гражданин {id} снова может подавать обращения.",
    ),
    "Citizen {id} was not blocked.": ("{id} азаматы бұғатталмаған.", "Гражданин {id} не был заблокирован."),
    "Only an administrator can do this.": ("Мұны тек әкімші жасай алады.", "Это может сделать только администратор."),
    # ----- categories and statuses -------------------------------------------------------------------------
    "🏠 Housing": ("🏠 Тұрғын үй", "🏠 Жильё"),
    "🔥 Utilities and gas": ("🔥 Коммуналдық қызметтер және газ", "🔥 Коммунальные услуги и газ"),
    "🌾 Land": ("🌾 Жер мәселелері", "🌾 Земельные вопросы"),
    "🛣 Roads and transport": ("🛣 Жол және көлік", "🛣 Дороги и транспорт"),
    "🤝 Social support": ("🤝 Әлеуметтік көмек", "🤝 Социальная поддержка"),
    "🏥 Health": ("🏥 Денсаулық сақтау", "🏥 Здравоохранение"),
    "🎓 Education": ("🎓 Білім беру", "🎓 Образование"),
    "💼 Employment": ("💼 Жұмыспен қамту", "💼 Трудоустройство"),
    "⚖️ Legal question": ("⚖️ Құқықтық мәселе", "⚖️ Юридический вопрос"),
    "📌 Other": ("📌 Басқа", "📌 Другое"),
    "🆕 New": ("🆕 Жаңа", "🆕 Новое"),
    "⏳ In progress": ("⏳ Жұмыс барысында", "⏳ В работе"),
    "✅ Answered": ("✅ Жауап берілді", "✅ Дан ответ"),
    "📤 Forwarded to a state body": ("📤 Мемлекеттік органға жолданды", "📤 Направлено в госорган"),
    "⛔ Rejected": ("⛔ Қабылданбады", "⛔ Отклонено"),
    ("{n} working day", "{n} working days"): (
        ("{n} жұмыс күні", "{n} жұмыс күні"),
        ("{n} рабочий день", "{n} рабочих дня", "{n} рабочих дней"),
    ),
    # ----- receipt, history, cards -------------------------------------------------------------------------
    "✅ <b>Your appeal has been received.</b>\n\nTicket number: <b>{ticket}</b>\nDate and time: {moment}\n"
    "Category: {category}\nExpected answer by: <b>{due}</b> ({days})\n\nI will tell you here about every step. "
    "Your appeals and their status: /myappeals": (
        "✅ <b>Өтінішіңіз қабылданды.</b>\n\nӨтініш нөмірі: <b>{ticket}</b>\nКүні мен уақыты: {moment}\n"
        "Санаты: {category}\nЖауап берілетін күн: <b>{due}</b> ({days})\n\nӘр қадам туралы осы жерде хабарлаймын. "
        "Өтініштеріңіз бен олардың мәртебесі: /myappeals",
        "✅ <b>Ваше обращение принято.</b>\n\nНомер обращения: <b>{ticket}</b>\nДата и время: {moment}\n"
        "Категория: {category}\nОжидаемый срок ответа: <b>{due}</b> ({days})\n\nО каждом шаге я сообщу здесь. "
        "Ваши обращения и их статус: /myappeals",
    ),
    "{when}: appeal submitted": ("{when}: өтініш жолданды", "{when}: обращение подано"),
    "{when}: taken into work by the reception staff": (
        "{when}: қабылдау бөлмесінің қызметкерлері жұмысқа алды",
        "{when}: взято в работу сотрудниками приёмной",
    ),
    "{when}: status «{status}»": ("{when}: мәртебесі «{status}»", "{when}: статус «{status}»"),
    "{when}: you rated the answer {score} of 5": (
        "{when}: сіз жауапты 5 ұпайдың {score} ұпайына бағаладыңыз",
        "{when}: вы оценили ответ на {score} из 5",
    ),
    "{when}: 💬 reception staff: {text}": (
        "{when}: 💬 қабылдау бөлмесі: {text}",
        "{when}: 💬 сотрудники приёмной: {text}",
    ),
    "{when}: ✍️ you: {text}": ("{when}: ✍️ сіз: {text}", "{when}: ✍️ вы: {text}"),
    "<b>Appeal {ticket}</b>\nStatus: {status}\nCategory: {category}\nDistrict: {district}\nSubmitted: {moment}\n"
    "Expected answer by: {due}": (
        "<b>{ticket} өтініші</b>\nМәртебесі: {status}\nСанаты: {category}\nАуданы: {district}\nЖолданған уақыты: "
        "{moment}\nЖауап берілетін күн: {due}",
        "<b>Обращение {ticket}</b>\nСтатус: {status}\nКатегория: {category}\nРайон: {district}\nПодано: {moment}\n"
        "Ожидаемый срок ответа: {due}",
    ),
    "History": ("Тарихы", "История"),
    "📝 <b>Appeal {ticket}</b> · {status}": ("📝 <b>{ticket} өтініші</b> · {status}", "📝 <b>Обращение {ticket}</b> · {status}"),
    "Category: {category}": ("Санаты: {category}", "Категория: {category}"),
    "District: {district}": ("Ауданы: {district}", "Район: {district}"),
    "Submitted: {moment} · answer due {due}": (
        "Жолданды: {moment} · жауап мерзімі {due}",
        "Подано: {moment} · срок ответа {due}",
    ),
    "Taken by: {who}": ("Орындаушы: {who}", "Исполнитель: {who}"),
    "nobody yet": ("әзірге ешкім", "пока никто"),
    "Address: {address}": ("Мекенжайы: {address}", "Адрес: {address}"),
    "Note: {note}": ("Ескерту: {note}", "Примечание: {note}"),
    "(from a question the bot could not answer)": (
        "(бот жауап бере алмаған сұрақтан)",
        "(из вопроса, на который бот не смог ответить)",
    ),
    "📎 Files: {n}": ("📎 Файлдар: {n}", "📎 Файлы: {n}"),
    "Citizen's rating: {stars}": ("Азаматтың бағасы: {stars}", "Оценка гражданина: {stars}"),
    "(the text is in the next message)": ("(мәтіні келесі хабарламада)", "(текст — в следующем сообщении)"),
    "{ticket} · {status} · {category} · {district} · due {due}": (
        "{ticket} · {status} · {category} · {district} · мерзімі {due}",
        "{ticket} · {status} · {category} · {district} · срок {due}",
    ),
    "By category": ("Санаттар бойынша", "По категориям"),
    "By district": ("Аудандар бойынша", "По районам"),
    "By status": ("Мәртебесі бойынша", "По статусам"),
}
