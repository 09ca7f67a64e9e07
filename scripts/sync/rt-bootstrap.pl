#!/usr/bin/perl
# Prepares a fresh RT 5 database for the sync (run by scripts/sync-stack.sh after
# rt-setup-database): a privileged user "sync" with the SuperUser right and one REST2 auth
# token, whose auth string is written to the file named by the first argument (the token is
# stored hashed in RT, so it can be printed only when made). Idempotent: a present file is kept.
use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
RT::LoadConfig();
RT::Init();

my $file = shift or die "usage: rt-bootstrap.pl TOKEN_FILE\n";
my $user = RT::User->new( RT->SystemUser );
$user->Load('sync');
unless ( $user->id ) {
    my ( $ok, $msg ) = $user->Create( Name => 'sync', RealName => 'Incident Desk sync',
        EmailAddress => 'sync@incident-desk.local', Privileged => 1 );
    die "create user sync: $msg\n" unless $ok;
}
my ( $granted, $why ) = $user->PrincipalObj->GrantRight( Right => 'SuperUser', Object => RT->System );
die "grant SuperUser: $why\n" unless $granted || $why =~ /already/i;
exit 0 if -s $file;
# A lost file: the tokens made before cannot be printed again; they go (each is checked per call).
my $old = RT::AuthTokens->new( RT->SystemUser );
$old->LimitOwner( VALUE => $user->id );
$_->Delete for @{ $old->ItemsArrayRef };
my $token = RT::AuthToken->new( RT->SystemUser );
my ( $id, $msg, $authstring ) = $token->Create( Owner => $user->id, Description => 'incident-desk sync' );
die "create token: $msg\n" unless $id;
open my $fh, '>', $file or die "$file: $!\n";
print $fh "$authstring\n";
close $fh;
