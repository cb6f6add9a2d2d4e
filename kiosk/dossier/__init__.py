"""kiosk.dossier"""
