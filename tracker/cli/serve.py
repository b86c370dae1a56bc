"""``tracker serve``: the web app (Starlette, served by uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import ConfigOption, DbOption, app, catch_errors, context
from tracker.cli.output import say


@app.command("serve")
@catch_errors
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Địa chỉ lắng nghe.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Cổng.")] = 8000,
    proxy: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="Địa chỉ reverse proxy được tin (X-Forwarded-Proto/For), cách nhau bằng dấu phẩy.",
        ),
    ] = "127.0.0.1",
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Luôn đặt cookie Secure (chạy sau HTTPS).")
    ] = False,
    config: ConfigOption = None,
    db: DbOption = None,
) -> None:
    """Chạy ứng dụng web (văn phòng, lãnh đạo, đơn vị dùng trình duyệt). Tạo tài khoản
    trước bằng 'tracker users add'. Khóa bí mật: TRACKER_SECRET_KEY, nếu không có thì
    tạo một lần và lưu (quyền 0600) cạnh cơ sở dữ liệu.

    Ví dụ: tracker serve --host 127.0.0.1 --port 8000
    """
    import uvicorn

    from tracker.errors import BadInput
    from tracker.web import create_app

    if not 1 <= port <= 65535:
        raise BadInput(f"cổng không hợp lệ: {port} (từ 1 đến 65535)")
    app_ctx = context(ctx, config, db)
    web = create_app(app_ctx.config_path, app_ctx.db_url, secure_cookies=secure_cookies)
    say(f"Ứng dụng web: http://{host}:{port}/ (Ctrl+C để dừng)")
    uvicorn.run(
        web,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips=proxy,
        log_level="warning",
        server_header=False,
    )
