#!/bin/sh
# A dump of the province's database: pg_dump's custom format (restore with deploy/restore.sh),
# written whole before it is renamed into place, then dumps older than CNSCD_BACKUP_DAYS go.
#   CNSCD_BACKUP_URL   postgresql://... of the database (default: the local cnscd database)
#   CNSCD_BACKUP_DIR   where dumps go (default /var/backups/cnscd)
#   CNSCD_BACKUP_DAYS  how many days of dumps to keep (default 14)
set -eu
url="${CNSCD_BACKUP_URL:-postgresql:///cnscd}"
dir="${CNSCD_BACKUP_DIR:-/var/backups/cnscd}"
days="${CNSCD_BACKUP_DAYS:-14}"
mkdir -p "$dir"
name="cnscd-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --dbname="$url" --file="$dir/.$name.part"
mv "$dir/.$name.part" "$dir/$name"
find "$dir" -name 'cnscd-*.dump' -mtime "+$days" -delete
echo "$dir/$name"
