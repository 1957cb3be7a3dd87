# The bot in a slim image: non-root user, the database on a volume, `python -m bot` as the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_PATH=/var/lib/bot/bot.sqlite3

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install .

COPY data ./data
COPY locales ./locales

RUN useradd --system --uid 10001 --home-dir /app bot \
    && mkdir -p /var/lib/bot \
    && chown -R bot:bot /var/lib/bot /app/locales
USER bot
VOLUME ["/var/lib/bot"]
# only used in webhook mode (WEBHOOK_URL set); GET /healthz there for health checks
EXPOSE 8080
# SIGTERM: finish the updates in flight, stop background jobs, close the database (give it ~30 s)
STOPSIGNAL SIGTERM

CMD ["python", "-m", "bot"]
