"""`gonghui rotate-keys`: re-encrypt every stored ID number under the current key.

Procedure (docs/deploy.md): set the new key as GONGHUI_ENCRYPTION_KEY and the old one in
GONGHUI_OLD_ENCRYPTION_KEYS, restart, run this command, then drop the old key.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gonghui.core import pii

ENCRYPTED_COLUMNS = ("id_number_encrypted", "id_number_hash")


def encrypted_models() -> list:
    """Every installed model that stores an encrypted ID number with its lookup hash (the column
    pair core.pii writes), whichever app declares it: core imports no app, it asks the registry."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if all(column in names for column in ENCRYPTED_COLUMNS):
            found.append(model)
    return found


def rotate_model(model, *, batch_size: int, dry_run: bool) -> tuple[int, int]:
    """Returns (rows seen, rows needing rotation). One transaction per batch, rows locked while rewritten."""
    seen = rotated = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                model._default_manager.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "id_number_encrypted", "id_number_hash")[:batch_size]
            )
            if not rows:
                return seen, rotated
            changed = []
            for row in rows:
                try:
                    plain = pii.decrypt(row.id_number_encrypted)
                except ValueError:
                    raise CommandError(
                        f"{model._meta.label} #{row.pk}：密文无法用当前或旧密钥解密，"
                        "请把原密钥加入 GONGHUI_OLD_ENCRYPTION_KEYS 后重试。"
                    ) from None
                current_hash = pii.lookup_hash(plain)
                if row.id_number_hash != current_hash:
                    row.id_number_encrypted = pii.encrypt(plain)
                    row.id_number_hash = current_hash
                    changed.append(row)
            if changed and not dry_run:
                model._default_manager.bulk_update(changed, ["id_number_encrypted", "id_number_hash"])
            seen += len(rows)
            rotated += len(changed)
            last_pk = rows[-1].pk


class Command(BaseCommand):
    help = (
        "用当前 GONGHUI_ENCRYPTION_KEY 重新加密所有身份证号码并重算检索哈希（旧密钥放在 "
        "GONGHUI_OLD_ENCRYPTION_KEYS）。Re-encrypt ID numbers under the current key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="只统计需要轮换的记录，不写入 (count only)"
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="每批记录数，每批一个事务 (rows per transaction)"
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        total = 0
        for model in encrypted_models():
            seen, rotated = rotate_model(model, batch_size=max(1, options["batch_size"]), dry_run=dry_run)
            total += rotated
            verb = "需要轮换" if dry_run else "已轮换"
            self.stdout.write(f"{model._meta.verbose_name}：共 {seen} 条，{verb} {rotated} 条")
        if dry_run:
            self.stdout.write(f"试运行：共 {total} 条记录需要轮换，未写入任何数据。")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"完成：共轮换 {total} 条记录。现在可以从 GONGHUI_OLD_ENCRYPTION_KEYS 中移除旧密钥。"
                )
            )
