"""Who may do more than a citizen: the admin PIN, volunteer accounts, their lockouts.

Pure Python (no Qt). PINs are stored as argon2id hashes in ``<data_dir>/admin/`` (files
mode 0600); checking one costs about 0.1 s of CPU, so call ``verify``/``sign_in`` off the GUI
thread.
"""
