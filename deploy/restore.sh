#!/bin/sh
# Restore a dump made by backup.sh into an empty database: restore.sh DUMP TARGET_URL
# (create it first: createdb -O cnscd cnscd). Stop the API instances before restoring over
# a live province; start them after (they migrate the schema forward if the dump is older).
set -eu
dump="$1"
url="$2"
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$url" "$dump"
echo "restored $dump"
