"""Kazakh and Russian texts of the staff chat's cards once a citizen has erased their data (/forget).

Applied with: .venv/bin/python scripts/fill_translations.py scripts/translations/forget_cards.py
"""

T = {
    "🔒 The citizen's personal data (name, phone, address, text and files) has been erased at their request.": (
        "🔒 Дербес деректер (аты-жөні, телефоны, мекенжайы, мәтіні мен файлдары) азаматтың сұрауы бойынша "
        "өшірілді.",
        "🔒 Персональные данные (имя, телефон, адрес, текст и файлы) удалены по просьбе гражданина.",
    ),
    "🔒 The citizen's personal data has been erased: its retention period is over.": (
        "🔒 Азаматтың дербес деректері өшірілді: оларды сақтау мерзімі өтті.",
        "🔒 Персональные данные гражданина удалены: истёк срок их хранения.",
    ),
    "🔒 The citizen's personal data has been erased.": (
        "🔒 Азаматтың дербес деректері өшірілді.",
        "🔒 Персональные данные гражданина удалены.",
    ),
    "🔒 <b>{ticket}</b>: this message held the citizen's personal data; it has been erased at their request.": (
        "🔒 <b>{ticket}</b>: бұл хабарламада дербес деректер болған, олар азаматтың сұрауы бойынша өшірілді.",
        "🔒 <b>{ticket}</b>: это сообщение содержало персональные данные и удалено по просьбе гражданина.",
    ),
}
