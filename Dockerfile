# The ledger service image (API, projector and CLI share it).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY ledger ./ledger
COPY api ./api
RUN pip install --no-cache-dir -c constraints.txt . && python -m ledger.exporters.fonts
RUN useradd --system --home /app ledger && mkdir /checkpoints && chown ledger /checkpoints
USER ledger
EXPOSE 8000
CMD ["ledger", "serve", "--host", "0.0.0.0"]
